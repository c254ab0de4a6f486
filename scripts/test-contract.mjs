// `npm run test:contract`: the Partner Center contract suite against a real integration sandbox.
// Without the PC_CONTRACT_* variables it says it was skipped and why (the same suite runs against the
// simulator inside `npm test`).
import { spawnSync } from 'node:child_process';

const required = ['PC_CONTRACT_TENANT_ID', 'PC_CONTRACT_CLIENT_ID', 'PC_CONTRACT_REFRESH_TOKEN', 'PC_CONTRACT_CUSTOMER_ID'];
const missing = required.filter((name) => !process.env[name]);
if (!process.env.PC_CONTRACT_CLIENT_SECRET && !process.env.PC_CONTRACT_CLIENT_CERTIFICATE_PATH)
  missing.push('PC_CONTRACT_CLIENT_SECRET or PC_CONTRACT_CLIENT_CERTIFICATE_PATH');
if (missing.length > 0) {
  process.stdout.write(
    `test:contract skipped: no Partner Center integration sandbox configured (${missing.join(', ')} not set). See docs/partner-center-setup.md; the same suite runs against the simulator in npm test.\n`,
  );
  process.exit(0);
}
const result = spawnSync(
  process.execPath,
  [
    'node_modules/jest/bin/jest.js',
    '--config',
    'jest.config.cjs',
    '--selectProjects',
    'integration',
    'test/integration/contract/partner-center.contract.int-spec.ts',
  ],
  {
    stdio: 'inherit',
    env: { ...process.env, PC_CONTRACT_LIVE: '1' },
  },
);
process.exit(result.status ?? 1);
