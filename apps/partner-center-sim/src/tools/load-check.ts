import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { SEED_CATALOG_ITEMS } from '../state/catalog.seed';

// A quick throughput check, not a test. Start the simulator with SIM_LOG_REQUESTS=false, then:
//   node dist/apps/partner-center-sim/src/tools/load-check.js http://127.0.0.1:3100 [seconds] [concurrency]

interface Result {
  iterations: number;
  requests: number;
  failures: number;
  seconds: number;
}

async function json(
  pool: Pool,
  method: 'GET' | 'POST',
  path: string,
  token: string | undefined,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = typeof body === 'string' ? 'application/x-www-form-urlencoded' : 'application/json';
  const response = await pool.request({
    method,
    path,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.body.text();
  return { status: response.statusCode, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

async function run(seconds: number, concurrency: number, iteration: () => Promise<number>): Promise<Result> {
  const deadline = performance.now() + seconds * 1000;
  const result: Result = { iterations: 0, requests: 0, failures: 0, seconds };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        try {
          const requests = await iteration();
          result.requests += requests;
          result.iterations += 1;
        } catch {
          result.failures += 1;
        }
      }
    }),
  );
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

function report(name: string, result: Result): void {
  const rate = (value: number): string => (value / result.seconds).toFixed(0);
  process.stdout.write(
    `${name}: ${rate(result.iterations)} iterations/s, ${rate(result.requests)} requests/s (${result.iterations} iterations, ${result.failures} failures, ${result.seconds.toFixed(1)} s)\n`,
  );
}

async function main(): Promise<void> {
  const [url = 'http://127.0.0.1:3100', secondsArg = '10', concurrencyArg = '64'] = process.argv.slice(2);
  const seconds = Number(secondsArg);
  const concurrency = Number(concurrencyArg);
  const pool = new Pool(url, { connections: concurrency });
  const token = await json(
    pool,
    'POST',
    '/common/oauth2/token',
    undefined,
    'grant_type=client_credentials&client_id=load&client_secret=x&resource=https://api.partnercenter.microsoft.com',
  );
  const accessToken = String(token.body.access_token);
  const tenant = await json(pool, 'POST', '/_sim/tenants', undefined, { domain: `load${Date.now().toString(36)}.onmicrosoft.com` });
  const customerId = String(tenant.body.tenantId);

  report(
    'GET /v1/customers/{id}',
    await run(seconds, concurrency, async () => {
      const response = await json(pool, 'GET', `/v1/customers/${customerId}`, accessToken);
      if (response.status !== 200) throw new Error(String(response.status));
      return 1;
    }),
  );

  const lineItems = [
    { catalogItemId: SEED_CATALOG_ITEMS.businessBasic, quantity: 5, billingCycle: 'monthly', termDuration: 'P1M', friendlyName: 'load' },
  ];
  report(
    'create cart + checkout',
    await run(seconds, concurrency, async () => {
      const cart = await json(pool, 'POST', `/v1/customers/${customerId}/carts`, accessToken, { lineItems });
      if (cart.status !== 201) throw new Error(String(cart.status));
      const checkout = await json(pool, 'POST', `/v1/customers/${customerId}/carts/${String(cart.body.id)}/checkout`, accessToken);
      if (checkout.status !== 201) throw new Error(String(checkout.status));
      return 2;
    }),
  );
  await pool.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`load check failed: ${String(error)}\n`);
  process.exit(1);
});
