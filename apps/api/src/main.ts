import 'reflect-metadata';
import { type AppConfig, ConfigError, loadConfig } from '@nce/config';
import { createLogger } from '@nce/observability';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { NestPinoLogger } from './http/nest-logger';
import { ProblemFilter } from './http/problem.filter';
import { mountOpenApi } from './openapi';

function readConfig(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.log, 'api');
  const adapter = new FastifyAdapter({ bodyLimit: config.api.bodyLimitBytes, logger: false, return503OnClosing: true });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, { logger: new NestPinoLogger(logger), bufferLogs: false });
  app.useGlobalFilters(new ProblemFilter((error) => logger.error({ err: error }, 'unexpected error')));
  const fastify = app.getHttpAdapter().getInstance();
  mountOpenApi(app);
  app.enableShutdownHooks();
  await app.listen({ port: config.api.port, host: config.api.host });
  const address = fastify.server.address();
  const port = typeof address === 'object' && address ? address.port : config.api.port;
  logger.info({ port }, 'api listening');
  process.stdout.write(`api listening on http://${config.api.host}:${port}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`api failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
