import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { startTestInfrastructure } from '../../libs/testing/src/infrastructure';

// Runs once per `jest` invocation: picks MySQL/Redis (testcontainers when a Docker engine answers,
// else the local services) and a run id that names every database and queue prefix of this run.
// Each project that needs services names this setup: the first one of a run picks them, the others reuse them.
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_MYSQL_URL && process.env.TEST_REDIS_URL && process.env.TEST_RUN_ID) return;
  process.env.TEST_RUN_ID ??= randomBytes(3).toString('hex');
  const infrastructure = await startTestInfrastructure();
  process.env.TEST_MYSQL_URL = infrastructure.mysqlUrl;
  process.env.TEST_REDIS_URL = infrastructure.redisUrl;
  if (!existsSync('dist/apps')) {
    process.stdout.write('\nnote: dist/ is missing; e2e tests need `npm run build` first (npm test does it).\n');
  }
}
