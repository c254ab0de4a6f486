import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { withDevelopmentSecrets } from './dev-secrets';
import { ConfigError } from './env-reader';
import { internalServicePorts, loadConfig, loadConfigOrExit, loadSimulatorConfig } from './load-config';

const ENCRYPTION_KEY = 'ab'.repeat(32);

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs on the defaults of a local stack given only the encryption key', () => {
    const config = loadConfig({ ENCRYPTION_KEY });

    expect(config.api).toMatchObject({ host: '127.0.0.1', port: 3000, publicUrl: 'http://127.0.0.1:3000', processes: 1 });
    expect(config.database.primary).toMatchObject({ host: '127.0.0.1', port: 3306, username: 'root', database: 'nce_dev' });
    expect(config.database.replicas).toEqual([]);
    expect(config.redis).toEqual({
      connection: expect.objectContaining({ mode: 'standalone', host: '127.0.0.1', port: 6379, db: 0, tls: false }),
      queuePrefix: 'nce',
    });
    expect(config.catalog).toEqual({ country: 'US', segments: ['commercial', 'education'] });
    expect(config.log).toEqual({ level: 'info', pretty: false });
    expect(config.processing).toMatchObject({ concurrency: 50, timeScale: 1, parkLimitMs: 14 * 24 * 3_600_000 });
    expect(config.partnerCenter.apiUrl).toBe('http://127.0.0.1:3100');
  });

  it('derives the public URL from the port when only the port is set', () => {
    expect(loadConfig({ ENCRYPTION_KEY, API_PORT: '8080' }).api.publicUrl).toBe('http://127.0.0.1:8080');
    expect(loadConfig({ ENCRYPTION_KEY, API_PORT: '8080', API_PUBLIC_URL: 'https://api.example.com' }).api.publicUrl).toBe(
      'https://api.example.com',
    );
  });

  it('refuses to start without an encryption key', () => {
    expect(problemsOf(() => loadConfig({}))).toEqual(['ENCRYPTION_KEY: required']);
  });

  it('reports every bad variable in one error, each named', () => {
    const env = {
      ENCRYPTION_KEY: 'too-short',
      API_PORT: 'eighty',
      API_PROCESSES: '0',
      DATABASE_URL: 'postgres://db/nce',
      REDIS_URL: 'http://127.0.0.1:6379',
      LOG_LEVEL: 'loud',
      RATE_LIMIT_ENABLED: 'maybe',
      CATALOG_COUNTRY: 'usa',
      CATALOG_SEGMENTS: 'commercial,charity',
    };

    let error: unknown;
    try {
      loadConfig(env);
    } catch (thrown) {
      error = thrown;
    }

    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual(
      [
        'API_PORT',
        'API_PROCESSES',
        'CATALOG_COUNTRY',
        'CATALOG_SEGMENTS',
        'DATABASE_URL',
        'ENCRYPTION_KEY',
        'LOG_LEVEL',
        'RATE_LIMIT_ENABLED',
        'REDIS_URL',
      ].sort(),
    );
    expect((error as ConfigError).message).toContain('Invalid configuration (9 problems)');
    for (const problem of problems) expect((error as ConfigError).message).toContain(`\n  - ${problem}`);
  });

  it('says what was expected and what it got', () => {
    const problems = problemsOf(() => loadConfig({ ENCRYPTION_KEY, API_PORT: '70000', LOG_LEVEL: 'loud', WORKER_CONCURRENCY: '1.5' }));

    expect(problems).toEqual(
      expect.arrayContaining([
        'API_PORT: must be <= 65535, got 70000',
        'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"',
        'WORKER_CONCURRENCY: expected an integer, got "1.5"',
      ]),
    );
  });

  it('parses the read replicas and names a bad one by its position', () => {
    const replicas = loadConfig({ ENCRYPTION_KEY, DATABASE_REPLICA_URLS: 'mysql://reader:pw@replica-a:3307/nce, mariadb://replica-b/nce' })
      .database.replicas;
    expect(replicas.map((replica) => [replica.host, replica.port, replica.username, replica.database])).toEqual([
      ['replica-a', 3307, 'reader', 'nce'],
      ['replica-b', 3306, 'root', 'nce'],
    ]);

    expect(
      problemsOf(() => loadConfig({ ENCRYPTION_KEY, DATABASE_REPLICA_URLS: 'mysql://replica-a/nce,mysql://replica-b/nce-prod,not a url' })),
    ).toEqual([
      'DATABASE_REPLICA_URLS[1]: the database name must be letters, digits and underscores',
      'DATABASE_REPLICA_URLS[2]: not a valid URL',
    ]);
  });

  it('refuses a time scale that is not a number and a malformed budget group', () => {
    expect(problemsOf(() => loadConfig({ ENCRYPTION_KEY, TIME_SCALE: 'fast', PC_BUDGET_GROUPS: 'graph:300' }))).toEqual([
      'TIME_SCALE: expected a number, got "fast"',
      expect.stringMatching(/^PC_BUDGET_GROUPS: "graph:300" must be <group>:<partner rpm>\/<customer rpm>/),
    ]);
  });

  it('refuses Sentinel and Cluster at once, and wraps the queue prefix in a hash tag for a Cluster', () => {
    expect(problemsOf(() => loadConfig({ ENCRYPTION_KEY, REDIS_SENTINELS: 'a:26379', REDIS_CLUSTER_NODES: 'b:7000' }))).toEqual([
      'REDIS_SENTINELS and REDIS_CLUSTER_NODES: set one or the other, not both',
    ]);
    const cluster = loadConfig({ ENCRYPTION_KEY, REDIS_CLUSTER_NODES: 'b:7000,c:7001' }).redis;
    expect(cluster).toEqual({
      connection: expect.objectContaining({
        mode: 'cluster',
        nodes: [
          { host: 'b', port: 7000 },
          { host: 'c', port: 7001 },
        ],
      }),
      queuePrefix: '{nce}',
    });
  });

  it('never shows a secret in JSON or inspect output, yet hands it to the code that needs it', () => {
    const config = loadConfig({
      ENCRYPTION_KEY,
      DATABASE_URL: 'mysql://nce:db-password-1@db:3306/nce',
      REDIS_URL: 'redis://:redis-password-2@cache:6379/1',
    });
    const printed = [JSON.stringify(config), inspect(config, { depth: null }), `${config.security.encryptionKey}`];

    for (const output of printed) {
      expect(output).not.toContain(ENCRYPTION_KEY);
      expect(output).not.toContain('db-password-1');
      expect(output).not.toContain('redis-password-2');
    }
    expect(config.security.encryptionKey.reveal()).toBe(ENCRYPTION_KEY);
    expect(config.database.primary.password.reveal()).toBe('db-password-1');
    expect(config.redis.connection.mode === 'standalone' && config.redis.connection.password?.reveal()).toBe('redis-password-2');
  });
});

describe('loadSimulatorConfig', () => {
  it('needs no variable, and reports its bad ones in one error too', () => {
    expect(loadSimulatorConfig({})).toMatchObject({ host: '127.0.0.1', port: 3100, log: { level: 'info' } });
    expect(problemsOf(() => loadSimulatorConfig({ SIM_PORT: '-1', SIM_CHECKOUT_GATES: 'mca,moon', LOG_PRETTY: 'sometimes' }))).toHaveLength(
      3,
    );
  });
});

describe('loadConfigOrExit', () => {
  it('prints every problem and exits with code 1 on a bad configuration', () => {
    const written: string[] = [];
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => written.push(String(chunk)) > 0);
    const exit = jest.spyOn(process, 'exit').mockImplementation((code) => {
      throw new Error(`exit ${code}`);
    });
    try {
      expect(() => loadConfigOrExit({ API_PORT: 'eighty' })).toThrow('exit 1');
      expect(written.join('')).toContain('ENCRYPTION_KEY: required');
      expect(written.join('')).toContain('API_PORT: expected an integer');
    } finally {
      write.mockRestore();
      exit.mockRestore();
    }
  });
});

describe('internalServicePorts', () => {
  it("lists this deployment's own local ports: the simulator, MySQL, Redis and the API", () => {
    expect(internalServicePorts(loadConfig({ ENCRYPTION_KEY })).sort()).toEqual([3000, 3100, 3306, 6379]);
  });

  it('leaves out Partner Center endpoints on the internet', () => {
    const config = loadConfig({
      ENCRYPTION_KEY,
      PARTNER_CENTER_URL: 'https://api.partnercenter.microsoft.com',
      GRAPH_URL: 'https://graph.microsoft.com',
      AUTHORITY_URL: 'https://login.microsoftonline.com',
      REDIS_SENTINELS: 'sentinel-a:26379,sentinel-b:26380',
    });

    expect(internalServicePorts(config).sort()).toEqual([26379, 26380, 3000, 3306]);
  });
});

describe('withDevelopmentSecrets', () => {
  let demoDir: string;
  beforeEach(() => {
    demoDir = mkdtempSync(join(tmpdir(), 'nce-dev-secrets-'));
  });
  afterEach(() => rmSync(demoDir, { recursive: true, force: true }));

  it("fills in the encryption key of npm start's stack when the environment has none", () => {
    writeFileSync(join(demoDir, 'secrets.json'), JSON.stringify({ encryptionKey: ENCRYPTION_KEY }));

    const result = withDevelopmentSecrets({ DEMO_DIR: demoDir });

    expect(result).toEqual({ env: { DEMO_DIR: demoDir, ENCRYPTION_KEY }, file: join(demoDir, 'secrets.json') });
  });

  it('keeps a key the environment sets, and the environment as it is without a secrets file', () => {
    writeFileSync(join(demoDir, 'secrets.json'), JSON.stringify({ encryptionKey: ENCRYPTION_KEY }));
    expect(withDevelopmentSecrets({ DEMO_DIR: demoDir, ENCRYPTION_KEY: 'cd'.repeat(32) })).toEqual({
      env: { DEMO_DIR: demoDir, ENCRYPTION_KEY: 'cd'.repeat(32) },
    });
    expect(withDevelopmentSecrets({ DEMO_DIR: join(demoDir, 'missing') })).toEqual({ env: { DEMO_DIR: join(demoDir, 'missing') } });
  });
});
