import { Pool } from 'undici';

export interface LoadResult {
  offeredPerSecond: number;
  sent: number;
  accepted: number;
  failed: number;
  statusCounts: Record<string, number>;
  acceptedPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** p99 of the requests sent after the first second (without connection set-up and warm-up stalls). */
  p99AfterFirstSecondMs: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Open-loop load at a constant arrival rate: requests are sent on schedule whether or not earlier
 * ones have answered (so a slow server shows up as latency, not as a lower offered rate).
 */
export async function constantRate(options: {
  url: string;
  ratePerSecond: number;
  durationSeconds: number;
  connections: number;
  request: (index: number) => { path: string; method: string; headers: Record<string, string>; body?: string };
  okStatus: number;
}): Promise<LoadResult> {
  const origin = new URL(options.url).origin;
  const pool = new Pool(origin, { connections: options.connections, pipelining: 1, keepAliveTimeout: 30_000 });
  const total = Math.round(options.ratePerSecond * options.durationSeconds);
  const latencies: number[] = [];
  const settled: number[] = [];
  const statusCounts: Record<string, number> = {};
  let accepted = 0;
  let failed = 0;
  const started = performance.now();
  const inflight: Array<Promise<void>> = [];
  const tickMs = 5;
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * options.ratePerSecond) + 1);
    for (; sent < due; sent += 1) {
      const spec = options.request(sent);
      const t0 = performance.now();
      inflight.push(
        pool
          .request({ origin, path: spec.path, method: spec.method as 'POST', headers: spec.headers, body: spec.body })
          .then(async (response) => {
            await response.body.dump();
            const elapsed = performance.now() - t0;
            statusCounts[response.statusCode] = (statusCounts[response.statusCode] ?? 0) + 1;
            if (response.statusCode === options.okStatus) {
              accepted += 1;
              latencies.push(elapsed);
              if (t0 - started >= 1000) settled.push(elapsed);
            } else failed += 1;
          })
          .catch(() => {
            failed += 1;
            statusCounts.error = (statusCounts.error ?? 0) + 1;
          }),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, tickMs));
  }
  await Promise.all(inflight);
  const elapsedSeconds = (performance.now() - started) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  settled.sort((a, b) => a - b);
  return {
    offeredPerSecond: options.ratePerSecond,
    sent,
    accepted,
    failed,
    statusCounts,
    acceptedPerSecond: accepted / elapsedSeconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies[latencies.length - 1] ?? 0,
    p99AfterFirstSecondMs: percentile(settled, 99),
  };
}
