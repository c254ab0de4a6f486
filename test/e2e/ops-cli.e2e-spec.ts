import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestDatabase, createTestDatabase, distEntry, dropRedisKeys, testConfig, testRunId } from '@nce/testing';

const COMMANDS = ['migrate', 'sync-catalog', 'seed-demo', 'create-partner', 'issue-key', 'create-customer', 'set-partner-settings'];

describe('ops CLI as an operator uses it', () => {
  const demoDir = mkdtempSync(join(tmpdir(), 'nce-ops-cli-'));
  const prefix = `t${testRunId()}o${randomBytes(3).toString('hex')}`;
  let first: TestDatabase;
  let second: TestDatabase;

  function ops(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: first.url,
      REDIS_URL: testConfig.redisUrl(),
      QUEUE_PREFIX: prefix,
      DEMO_DIR: demoDir,
      ...env,
    };
    if (!('ENCRYPTION_KEY' in env)) delete childEnv.ENCRYPTION_KEY;
    const result = spawnSync(process.execPath, [distEntry('ops-cli'), ...args], { env: childEnv, encoding: 'utf8', timeout: 60_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  beforeAll(async () => {
    first = await createTestDatabase('opscli1');
    second = await createTestDatabase('opscli2');
  });
  afterAll(async () => {
    await first?.drop();
    await second?.drop();
    await dropRedisKeys(testConfig.redisUrl(), prefix).catch(() => undefined);
    rmSync(demoDir, { recursive: true, force: true });
  });

  it('answers --help for the CLI and for each command, without configuration', () => {
    const overview = ops(['--help'], { DATABASE_URL: 'not a url' });
    expect(overview.status).toBe(0);
    for (const command of COMMANDS) expect(overview.stdout).toContain(command);
    // Every command's usage text is checked by commands.spec.ts; here the process path once.
    const help = ops(['create-customer', '--help'], { DATABASE_URL: 'not a url' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('usage: npm run ops -- create-customer');
    expect(help.stdout).toContain('--with-key');
    const unknown = ops(['frobnicate']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  });

  it('says where ENCRYPTION_KEY comes from, and uses the development stack key beside npm start', () => {
    const missing = ops(['create-partner', '--name', 'X', '--channel', 'direct']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('ENCRYPTION_KEY');
    expect(missing.stderr).toContain('.demo/secrets.json');
    writeFileSync(join(demoDir, 'secrets.json'), JSON.stringify({ encryptionKey: '2'.repeat(64) }));
    const created = ops(['create-partner', '--name', 'Ops CLI Partner', '--channel', 'direct']);
    expect(created.status).toBe(0);
    expect(created.stderr).toContain('secrets.json');
  });

  it('tells what to do next: a new customer cannot order until self-ordering is enabled, and how to enable it', () => {
    const partner = JSON.parse(ops(['create-partner', '--name', 'Next Steps Partner', '--channel', 'direct']).stdout) as { id: string };
    const customer = ops(['create-customer', '--partner-id', partner.id, '--name', 'Next Steps Customer', '--with-key']);
    expect(customer.status).toBe(0);
    expect(JSON.parse(customer.stdout)).toMatchObject({ name: 'Next Steps Customer', apiKey: expect.stringMatching(/^nce_cust_/) });
    expect(customer.stderr).toContain('customer self-ordering is off');
    expect(customer.stderr).toContain(`set-partner-settings --partner-id ${partner.id} --customer-self-ordering true`);
    const enabled = ops(['set-partner-settings', '--partner-id', partner.id, '--customer-self-ordering', 'true']);
    expect(enabled.status).toBe(0);
    expect(JSON.parse(enabled.stdout)).toMatchObject({ customerSelfOrdering: true });
    const quiet = ops(['create-customer', '--partner-id', partner.id, '--name', 'Second Customer']);
    expect(quiet.stderr).not.toContain('self-ordering is off');
    const bad = ops(['set-partner-settings', '--partner-id', partner.id, '--customer-self-ordering', 'yes']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--customer-self-ordering must be true or false');
  });

  it('refuses a queue prefix another database already uses, with a clear message', () => {
    expect(ops(['migrate']).status).toBe(0);
    expect(ops(['migrate']).status).toBe(0);
    const other = ops(['migrate'], { DATABASE_URL: second.url });
    expect(other.status).toBe(1);
    expect(other.stderr).toContain(`QUEUE_PREFIX "${prefix}" on this Redis belongs to another database`);
    expect(other.stderr).toContain(first.name);
    expect(ops(['migrate'], { DATABASE_URL: second.url, QUEUE_PREFIX: `${prefix}b` }).status).toBe(0);
    void dropRedisKeys(testConfig.redisUrl(), `${prefix}b`);
  });
});
