import { ConfigError, loadSimulatorConfig } from '@nce/config';
import { buildSimulator, simulatorUrl } from './server';

const SHUTDOWN_GRACE_MS = 5_000;

async function main(): Promise<void> {
  let config: ReturnType<typeof loadSimulatorConfig>;
  try {
    config = loadSimulatorConfig();
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const simulator = buildSimulator(config);
  await simulator.listen({ host: config.host, port: config.port });
  const url = simulatorUrl(simulator);
  // Exactly one line: tests and the stack starter parse it to learn the (possibly ephemeral) port.
  process.stdout.write(`partner-center-sim listening on ${url}\n`);

  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    const force = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS);
    force.unref();
    simulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`partner-center-sim: error while closing on ${signal}: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`partner-center-sim failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
