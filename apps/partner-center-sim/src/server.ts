import type { SimulatorConfig } from '@nce/config';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerCredentialEnforcement } from './http/auth.guard';
import { registerBodyParsers } from './http/body-parsers';
import { registerErrorHandling } from './http/error-handler';
import { registerFaultInjection } from './http/fault.hook';
import { registerRequestContext } from './http/request-context.hook';
import { registerThrottling } from './http/throttle.hook';
import { registerAgreementRoutes } from './routes/agreements.routes';
import { registerAuthRoutes } from './routes/auth.routes';
import { registerCartRoutes } from './routes/carts.routes';
import { registerCatalogRoutes } from './routes/catalog.routes';
import { registerCheckoutRoutes } from './routes/checkout.routes';
import { registerControlApprovalRoutes } from './routes/control-approvals.routes';
import { registerControlTenantRoutes } from './routes/control-tenants.routes';
import { registerControlRoutes } from './routes/control.routes';
import { registerControlSubscriptionRoutes } from './routes/control-subscriptions.routes';
import { registerControlTokenRoutes } from './routes/control-tokens.routes';
import { registerControlThrottlingRoutes } from './routes/control-throttling.routes';
import { registerCustomerRoutes } from './routes/customers.routes';
import { registerGdapAccessAssignmentRoutes } from './routes/gdap-access-assignments.routes';
import { registerGdapRoutes } from './routes/gdap.routes';
import { registerOrderRoutes } from './routes/orders.routes';
import { registerPriceSheetRoutes } from './routes/pricesheets.routes';
import { registerQualificationRoutes } from './routes/qualifications.routes';
import { registerSubscriptionRoutes } from './routes/subscriptions.routes';
import { registerValidationRoutes } from './routes/validation.routes';
import { type RouteRegistrar, type SimContext, createContext } from './sim-context';
import { StateFile } from './state/state-snapshot';

const contexts = new WeakMap<FastifyInstance, SimContext>();

/** The in-memory state and settings behind a simulator instance (in-process tests may inspect them). */
export function simulatorContext(app: FastifyInstance): SimContext {
  const context = contexts.get(app);
  if (context === undefined) throw new Error('not a simulator built by buildSimulator');
  return context;
}

/** The base URL of a listening simulator (the real port when it was started on port 0). */
export function simulatorUrl(app: FastifyInstance): string {
  const address = app.server.address();
  if (address === null || typeof address !== 'object') throw new Error('the simulator is not listening');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

const REGISTRARS: RouteRegistrar[] = [
  registerAuthRoutes,
  registerCustomerRoutes,
  registerAgreementRoutes,
  registerQualificationRoutes,
  registerValidationRoutes,
  registerCatalogRoutes,
  registerCartRoutes,
  registerCheckoutRoutes,
  registerOrderRoutes,
  registerSubscriptionRoutes,
  registerGdapRoutes,
  registerGdapAccessAssignmentRoutes,
  registerControlRoutes,
  registerControlThrottlingRoutes,
  registerControlTenantRoutes,
  registerControlApprovalRoutes,
  registerControlSubscriptionRoutes,
  registerControlTokenRoutes,
  registerPriceSheetRoutes,
];

/**
 * Builds the simulator's fastify instance (not yet listening): tests start it in-process with
 * `app.listen({ port: 0 })`, main.ts as a process. Config host/port are used by main.ts only.
 */
export function buildSimulator(config: SimulatorConfig): FastifyInstance {
  const context = createContext(config);
  const app = Fastify({
    logger: false,
    // Close must not wait for held (timeout-fault) replies or idle keep-alive sockets.
    forceCloseConnections: true,
    bodyLimit: 1_048_576,
    // Partner Center paths are matched case-insensitively (validationStatus / validationstatus).
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true },
    return503OnClosing: false,
  });
  registerBodyParsers(app);
  registerRequestContext(app, context);
  registerThrottling(app, context);
  registerFaultInjection(app, context);
  registerErrorHandling(app);
  registerCredentialEnforcement(app);
  for (const register of REGISTRARS) register(app, context);
  const stateFile = config.stateFile ? persistState(app, context, config.stateFile) : undefined;
  app.addHook('onClose', (_instance, done) => {
    context.delays.cancelAll();
    stateFile?.flush();
    done();
  });
  contexts.set(app, context);
  return app;
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Restores the state file at build time and writes it (coalesced) after every request that may have
 * changed something, and on close: a restarted simulator knows the tenants, orders and relationships the
 * engine's database points at.
 */
function persistState(app: FastifyInstance, context: SimContext, path: string): StateFile {
  const file = new StateFile(
    path,
    () => context.state.persistent,
    500,
    (error) => {
      process.stderr.write(`partner-center-sim: could not write ${path}: ${String(error)}\n`);
    },
  );
  file.load();
  app.addHook('onResponse', (request, _reply, done) => {
    if (!READ_METHODS.has(request.method)) file.markDirty();
    done();
  });
  return file;
}
