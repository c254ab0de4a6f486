import { authGuard } from '../http/auth.guard';
import { SimulatedApiError, invalidInput } from '../http/error-body';
import type { RouteRegistrar } from '../sim-context';
import { type Timeline, priceSheetCsv, sheetPeriod } from '../state/price-sheet';
import { query } from './customer-access';

// GET https://api.partner.microsoft.com/v1.0/sales/pricesheets(Market='{market}',PricesheetView='{view}')/$value
// (learn.microsoft.com/partner-center/developer/get-a-price-sheet). The simulator serves every host's
// paths on one port, so the path is the same here. Only the new commerce license-based view has data.
const PATH = /^\/v1\.0\/sales\/pricesheets\(Market='([^']*)',PricesheetView='([^']*)'\)\/\$value$/i;
const VIEWS = ['azure_consumption', 'azure_reservations', 'updatedlicensebased', 'marketplace', 'software'];

export const registerPriceSheetRoutes: RouteRegistrar = (app, context) => {
  // App+User only ("This scenario only supports application user authentication"): the credential
  // table's row, enforced with every other route's by the credential hook.
  const userToken = authGuard(context, 'partner-center');

  app.get('/v1.0/sales/*', { onRequest: userToken }, (request, reply) => {
    const path = decodeURIComponent(request.url.split('?')[0]);
    const match = PATH.exec(path);
    if (match === null) throw new SimulatedApiError(404, 404, `No resource at ${path}.`, { isRetryable: false });
    const [, market, view] = match;
    if (!/^[A-Za-z]{2}$/.test(market)) throw invalidInput('Market must be a two-letter country code.');
    if (!VIEWS.includes(view.toLowerCase())) throw invalidInput(`PricesheetView must be one of ${VIEWS.join(', ')}.`);
    const timeline = (query(request, 'timeline') ?? 'current').toLowerCase();
    if (!['current', 'history', 'future'].includes(timeline)) throw invalidInput('timeline must be history, current or future.');
    const month = query(request, 'month');
    if (timeline === 'history' && (month === undefined || !/^\d{4}(0[1-9]|1[0-2])$/.test(month)))
      throw invalidInput('month (YYYYMM) is required with timeline=history.');
    // Assumed: views other than the license-based one are empty here (the simulator has no Azure meters).
    const period = sheetPeriod(timeline as Timeline, month, new Date(context.now()));
    const csv =
      view.toLowerCase() === 'updatedlicensebased' ? priceSheetCsv(market.toUpperCase(), period, context.state.catalog.retired) : '';
    return reply
      .header('content-type', 'application/octet-stream')
      .header('content-disposition', 'attachment; filename=pricesheet')
      .send(csv);
  });
};
