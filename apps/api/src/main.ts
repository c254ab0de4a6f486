import 'reflect-metadata';
import cluster from 'node:cluster';
import { loadConfigOrExit } from '@nce/config';
import { createLogger } from '@nce/observability';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuthenticateApiKey } from '@nce/accounts';
import { QueueRegistry } from '@nce/messaging';
import { SqlAuditLog } from '@nce/persistence';
import { AppModule } from './app.module';
import { superviseApiProcesses } from './cluster';
import { applyRequestTimeouts, handleClientError, secureResponses } from './http/http-hardening';
import { acceptJsonBodiesOnly } from './http/json-body';
import { NestPinoLogger } from './http/nest-logger';
import { ProblemFilter } from './http/problem.filter';
import { mountOpenApi } from './openapi';
import { mountBullBoard } from './ops/bull-board.mount';
import { mountPanel } from './panel/panel.mount';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  if (config.api.processes > 1 && cluster.isPrimary) {
    superviseApiProcesses(config.api.processes, config.api.host);
    return;
  }
  const logger = createLogger(config.log, 'api');
  const adapter = new FastifyAdapter({
    bodyLimit: config.api.bodyLimitBytes,
    logger: false,
    return503OnClosing: true,
    clientErrorHandler: handleClientError,
  });
  // bodyParser off: the API reads JSON only (json-body.ts); Nest would add form-urlencoded.
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new NestPinoLogger(logger),
    bufferLogs: false,
    bodyParser: false,
  });
  app.useGlobalFilters(new ProblemFilter((error) => logger.error({ err: error }, 'unexpected error')));
  const fastify = app.getHttpAdapter().getInstance();
  acceptJsonBodiesOnly(fastify);
  secureResponses(fastify);
  applyRequestTimeouts(fastify, config.api.requestTimeoutMs);
  mountOpenApi(app);
  await mountPanel(app);
  await mountBullBoard(app, {
    queues: app.get(QueueRegistry),
    authenticate: app.get(AuthenticateApiKey),
    audit: app.get(SqlAuditLog),
    onAuditFailure: (error) => logger.error({ err: error }, 'bull board audit failed'),
  });
  app.enableShutdownHooks();
  await app.listen({ port: config.api.port, host: config.api.host });
  const address = fastify.server.address();
  const port = typeof address === 'object' && address ? address.port : config.api.port;
  logger.info({ port }, 'api listening');
  if (cluster.isWorker) process.send?.({ listening: port });
  else process.stdout.write(`api listening on http://${config.api.host}:${port}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`api failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
