export { startTestInfrastructure, stopTestInfrastructure, portAnswers, type TestInfrastructure } from './infrastructure';
export { createTestDatabase, testRunId, type TestDatabase } from './test-database';
export { distEntry, freePort, runToCompletion, startProcess, type RunningProcess } from './processes';
export { startPrivateRedis, type PrivateRedis } from './private-redis';
export { startPrivateMariaDb, type PrivateMariaDb } from './private-mariadb';
export { startTestStack, type DemoCredentials, type StackOptions, type TestStack } from './stack';
export { ApiClient, type ApiResponse } from './http-client';
export { waitFor } from './wait';
export { testConfig } from './test-config';
