// Three layers: unit specs beside the code (no I/O), integration specs against real MySQL/Redis,
// e2e specs that run the built apps as real processes. Each run gets its own databases and queue prefix.
// The path aliases repeat .swcrc's (which @swc/jest also reads) so that a change to them renews Jest's transform cache.
const paths = { '@nce/testing/fakes': ['libs/testing/src/fakes'], '@nce/*': ['libs/*/src'] };
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
      baseUrl: __dirname,
      paths,
    },
    module: { type: 'commonjs' },
  },
];
// MySQL and Redis are picked once per run, only for projects that use them: the unit project runs without.
const services = { globalSetup: '<rootDir>/test/support/global-setup.ts', globalTeardown: '<rootDir>/test/support/global-teardown.ts' };
const common = {
  // NestJS 12 ships ESM only; Jest on Node 20 cannot require() ESM, so those files are compiled too.
  transform: { '^.+\\.(ts|js|mjs)$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|uid|load-esm|file-type|strtok3|token-types|@tokenizer|peek-readable|iterare)/)'],
  moduleNameMapper: { '^@nce/testing/fakes$': '<rootDir>/libs/testing/src/fakes', '^@nce/([a-z-]+)$': '<rootDir>/libs/$1/src' },
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
};
module.exports = {
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.cjs'],
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/apps/**/*.spec.ts',
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/scripts/**/*.spec.ts',
        '<rootDir>/test/docs/**/*.spec.ts',
      ],
    },
    {
      ...common,
      ...services,
      displayName: 'integration',
      testMatch: ['<rootDir>/apps/**/*.int-spec.ts', '<rootDir>/libs/**/*.int-spec.ts', '<rootDir>/test/integration/**/*.int-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/integration-timeout.ts'],
    },
    {
      ...common,
      ...services,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/e2e-timeout.ts'],
    },
    // The Customer Control Panel in Debian's Chromium (playwright-core, headless) against the real stack.
    {
      ...common,
      ...services,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.e2e-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/e2e-timeout.ts'],
    },
  ],
};
