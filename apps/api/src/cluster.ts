import cluster from 'node:cluster';

/**
 * Runs `count` API processes sharing one port (each a full, stateless API instance: SSE fan-out and
 * the outbox relay already work across instances). The primary only supervises: it prints the ready
 * line once every instance listens, restarts an instance that dies, and forwards SIGTERM/SIGINT.
 */
export function superviseApiProcesses(count: number, host: string): void {
  let listening = 0;
  let stopping = false;
  const fork = (): void => {
    const worker = cluster.fork();
    worker.on('message', (message: { listening?: number }) => {
      if (typeof message?.listening === 'number' && ++listening === count) {
        process.stdout.write(`api listening on http://${host}:${message.listening} (${count} processes)\n`);
      }
    });
  };
  for (let index = 0; index < count; index += 1) fork();
  cluster.on('exit', (_worker, code) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    process.stderr.write(`api process exited (${code}); starting another\n`);
    fork();
  });
  const stop = (): void => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    setTimeout(() => process.exit(0), 25_000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
