import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { testConfig } from './test-config';

interface StartedContainer {
  stop(): Promise<unknown>;
}

const started: StartedContainer[] = [];

export interface TestInfrastructure {
  /** Server URL without a database name, e.g. mysql://root@127.0.0.1:3306 */
  mysqlUrl: string;
  redisUrl: string;
}

function dockerEngineLikely(): boolean {
  // The docker CLI is installed here without an engine, so look for the socket or DOCKER_HOST.
  return Boolean(testConfig.dockerHost()) || existsSync('/var/run/docker.sock');
}

export function portAnswers(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * MySQL and Redis for a test run. Explicit TEST_MYSQL_URL / TEST_REDIS_URL win; then testcontainers
 * when a Docker engine is reachable; else the local services (DATABASE_URL / REDIS_URL defaults).
 */
export async function startTestInfrastructure(): Promise<TestInfrastructure> {
  const { mysql: explicitMysql, redis: explicitRedis } = testConfig.explicitServices();
  if (explicitMysql && explicitRedis) return { mysqlUrl: explicitMysql, redisUrl: explicitRedis };

  if (dockerEngineLikely() && testConfig.dockerWanted()) {
    try {
      const { GenericContainer, Wait } = await import('testcontainers');
      const mysql = await new GenericContainer('mariadb:10.11')
        .withEnvironment({ MARIADB_ALLOW_EMPTY_ROOT_PASSWORD: '1' })
        .withExposedPorts(3306)
        .withWaitStrategy(Wait.forLogMessage(/ready for connections/, 2))
        .start();
      started.push(mysql);
      const redis = await new GenericContainer('redis:7').withExposedPorts(6379).start();
      started.push(redis);
      return {
        mysqlUrl: explicitMysql ?? `mysql://root@${mysql.getHost()}:${mysql.getMappedPort(3306)}`,
        redisUrl: explicitRedis ?? `redis://${redis.getHost()}:${redis.getMappedPort(6379)}`,
      };
    } catch (error) {
      process.stdout.write(`\ntestcontainers unavailable (${(error as Error).message.split('\n')[0]}); using local services\n`);
    }
  }
  return {
    mysqlUrl: explicitMysql ?? 'mysql://root@127.0.0.1:3306',
    redisUrl: explicitRedis ?? 'redis://127.0.0.1:6379',
  };
}

export async function stopTestInfrastructure(): Promise<void> {
  await Promise.all(started.splice(0).map((container) => container.stop()));
}
