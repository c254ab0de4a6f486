/*
 * `npm run bench`: every benchmark of issue 7 in one run on this machine (simulator at zero latency,
 * API, workers, MariaDB and Redis local; request budgets off; each order its own customer and
 * tenant), one markdown table, and the results as JSON (test-output/bench/results-<timestamp>.json and
 * results-latest.json) so runs can be compared.
 *
 * Knobs: BENCH_SECONDS (load period of each phase, default 10), BENCH_INTAKE_SECONDS (default 8),
 * BENCH_OFFERED (saturation offered rate, default 1000/s), BENCH_BACKLOG (saturation backlog cap per
 * worker process per kind, default 300), BENCH_SCALING (worker processes per kind, default "1,2,4"), BENCH_SKIP
 * (comma list of intake, e2e, reference, scaling).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { OrderCosts } from './costs';
import { type EndToEndResult, runEndToEnd } from './end-to-end.bench';
import { type IntakeResult, intakeTable, runIntake } from './intake.bench';
import { type ReferenceResult, runReference } from './reference.bench';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const intakeSeconds = Number(process.env.BENCH_INTAKE_SECONDS ?? 8);
const offered = Number(process.env.BENCH_OFFERED ?? 1000);
// Enough unfinished orders to keep every worker's 100 concurrent jobs busy, few enough to fill quickly.
const backlogPerWorker = Number(process.env.BENCH_BACKLOG ?? 300);
const scaling = (process.env.BENCH_SCALING ?? '1,2,4').split(',').map(Number);
const skip = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));

const saturation = (workersPerKind: number): { offeredPerSecond: number; seconds: number; backlog: number; customers: number } => ({
  offeredPerSecond: offered,
  seconds,
  backlog: backlogPerWorker * workersPerKind,
  customers: Number(process.env.BENCH_SAT_CUSTOMERS ?? 8000),
});
const latency = { fraction: 0.5, seconds, measureCosts: true };

function log(line: string): void {
  process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

const f0 = (value: number | undefined): string => (value === undefined || Number.isNaN(value) ? '–' : value.toFixed(0));
const f2 = (value: number | undefined): string =>
  value === undefined || Number.isNaN(value) ? '–' : String(Math.round(value * 100) / 100);

function costRows(ours?: OrderCosts, reference?: OrderCosts): string[] {
  if (!ours && !reference) return [];
  const line = (label: string, pick: (costs: OrderCosts) => number | undefined): string =>
    `| ${label} | ${ours ? f2(pick(ours)) : '–'} | ${reference ? f2(pick(reference)) : '–'} |`;
  return [
    '',
    "Cost per order (measured: MariaDB global status and a private Redis's commandstats around the latency phase, divided by its orders; the MariaDB counters are server-wide, so anything else running on it inflates both columns)",
    '',
    '| per order | ours | reference |',
    '|---|---|---|',
    line('MySQL COMMIT statements (transactions)', (c) => c.mysql.Com_commit),
    line('MySQL INSERT / UPDATE / DELETE', (c) => c.mysql.Com_insert + c.mysql.Com_update + c.mysql.Com_delete),
    line('MySQL SELECT', (c) => c.mysql.Com_select),
    line('MySQL statements (Questions)', (c) => c.mysql.Questions),
    line('InnoDB Handler_commit', (c) => c.mysql.Handler_commit),
    line('InnoDB fsyncs', (c) => c.mysql.Innodb_data_fsyncs),
    line('Redis commands', (c) => c.redis.total),
    line('  of which EVALSHA (BullMQ scripts)', (c) => c.redis.evalsha),
    line('  of which PUBLISH', (c) => c.redis.publish),
    line('Partner Center calls', (c) => c.partnerCenterCalls),
  ];
}

/** CPU ms per completed order over the steady window: the pipeline's own processes, MariaDB, Redis, simulator. */
function cpuPerOrder(run: EndToEndResult | ReferenceResult): Record<string, number> & { pipeline: number; total: number } {
  const rate = run.saturation?.completedPerSecond ?? 0;
  const ms = (share: number): number => (rate > 0 ? (share * 10) / rate : 0);
  const groups = Object.entries(run.saturation?.cpu ?? {}).filter(
    ([group]) => !group.startsWith('other') && !group.startsWith('load generator'),
  );
  const shared = new Set(['mariadbd (shared)', 'redis (private)', 'simulator']);
  const pipeline = ms(groups.filter(([group]) => !shared.has(group)).reduce((sum, [, share]) => sum + share, 0));
  const total = ms(groups.reduce((sum, [, share]) => sum + share, 0));
  return { ...Object.fromEntries(groups.map(([group, share]) => [group, ms(share)])), pipeline, total };
}

function table(results: Results): string {
  const { intake, ours, reference } = results;
  const lines: string[] = [
    `## Benchmarks (${new Date().toISOString()}, ${cpus().length} cores, everything local, simulator at zero latency, request budgets off)`,
    '',
  ];
  lines.push('| benchmark | measure | result | target |', '|---|---|---|---|');
  if (intake) {
    const at1000 = intake.results.find(({ result }) => result.offeredPerSecond === 1000)?.result;
    const best = Math.max(0, ...intake.results.map(({ result }) => result.acceptedPerSecond));
    lines.push(
      `| intake | accepted orders/s: highest rate kept up with (≥ 95 % accepted, p99 < 200 ms) / highest seen | ${f0(intake.sustainedPerSecond)} / ${f0(best)} | ≥ 2,000/s |`,
    );
    if (at1000)
      lines.push(
        `| intake | p50 / p99 at 1,000/s (p99 after the first second) | ${at1000.p50Ms.toFixed(1)} / ${at1000.p99Ms.toFixed(1)} ms (${at1000.p99AfterFirstSecondMs.toFixed(1)} ms) | p99 < 50 ms |`,
      );
  }
  for (const run of [ours, reference]) {
    if (!run) continue;
    const name = run.pipeline === 'ours' ? 'end to end (ours)' : 'end to end (bare reference)';
    const others = run.saturation?.cpu?.['other processes (not this benchmark)'];
    lines.push(
      `| ${name} | completed orders/s at saturation (1 process per worker kind) | ${f0(run.saturation?.completedPerSecond)}${run.saturation && !run.saturation.saturated ? ' (not saturated)' : ''}${others !== undefined ? ` (other processes took ${f0(others)} % of a core)` : ''} | ${run.pipeline === 'ours' ? '≥ 500/s' : ''} |`,
    );
    if (run.latency)
      lines.push(
        `| ${name} | p50 / p99 POST → completed at ${run.latency.offeredPerSecond}/s (half) | ${f0(run.latency.p50Ms)} / ${f0(run.latency.p99Ms)} ms (${run.latency.completed} completed, ${run.latency.failed} failed) | |`,
      );
    if (run.latency?.costs) lines.push(`| ${name} | Partner Center calls per order | ${f2(run.latency.costs.partnerCenterCalls)} | |`);
  }
  if (results.ratio !== undefined) lines.push(`| ratio | ours / reference (saturation throughput) | ${results.ratio.toFixed(2)} | ≥ 0.5 |`);
  for (const run of results.scaling) {
    const perOrder = run.saturation?.cpu ? cpuPerOrder(run) : null;
    const others = run.saturation?.cpu?.['other processes (not this benchmark)'];
    const context = perOrder
      ? ` (CPU per order: ours ${perOrder.pipeline.toFixed(1)} ms, all ${perOrder.total.toFixed(1)} ms; other processes took ${f0(others)} % of a core)`
      : '';
    lines.push(
      `| scaling (ours) | completed orders/s with ${run.workersPerKind} process(es) per worker kind | ${f0(run.saturation?.completedPerSecond)}${run.saturation && !run.saturation.saturated ? ' (not saturated)' : ''}${context} | grows |`,
    );
  }
  lines.push(...costRows(ours?.latency?.costs, reference?.latency?.costs));
  const cpuRuns = [ours, reference].filter((run): run is EndToEndResult | ReferenceResult => Boolean(run?.saturation?.cpu));
  if (cpuRuns.length > 0) {
    lines.push('', 'CPU during the steady saturation window, % of one core (the machine has 200 %), and CPU ms per completed order', '');
    for (const run of cpuRuns) {
      const perOrder = cpuPerOrder(run);
      lines.push(
        `- ${run.pipeline} (${f0(run.saturation?.completedPerSecond)} orders/s): ${Object.entries(run.saturation?.cpu ?? {})
          .map(([group, share]) => `${group} ${share}`)
          .join(', ')}`,
        `  - CPU ms per order: ${Object.entries(perOrder)
          .map(([group, ms]) => `${group} ${ms.toFixed(1)}`)
          .join(', ')}`,
      );
    }
    if (ours && reference && cpuRuns.length === 2) {
      const mine = cpuPerOrder(ours);
      const bare = cpuPerOrder(reference);
      lines.push(
        `- CPU per order, reference / ours (1 = as cheap as the bare pipeline): our processes ${(bare.pipeline / mine.pipeline).toFixed(2)}, all (with MariaDB, Redis, simulator) ${(bare.total / mine.total).toFixed(2)}`,
      );
    }
  }
  if (intake) {
    lines.push('', 'Intake rates', '', ...intakeTable(intake), '');
    for (const { label, cpu } of intake.results)
      if (cpu)
        lines.push(
          `- ${label}: CPU % of one core: ${Object.entries(cpu)
            .map(([group, share]) => `${group} ${share}`)
            .join(', ')}`,
        );
  }
  if (ours?.diagnostics) lines.push('', ...ours.diagnostics.map((line) => `- ${line}`));
  for (const [name, message] of Object.entries(results.errors)) lines.push('', `- ${name} failed: ${message}`);
  return lines.join('\n');
}

type Results = {
  intake?: IntakeResult;
  ours?: EndToEndResult;
  reference?: ReferenceResult;
  scaling: EndToEndResult[];
  ratio?: number;
  errors: Record<string, string>;
};

/** One phase; a failure (a process not ready in time on a busy machine) is retried once, then recorded. */
async function phase<T>(results: Results, name: string, run: () => Promise<T>): Promise<T | undefined> {
  for (let attempt = 1; attempt <= 2; attempt += 1) {
    try {
      const result = await run();
      delete results.errors[name];
      return result;
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      log(`${name} failed (attempt ${attempt}): ${message}`);
      results.errors[name] = message;
    }
  }
  return undefined;
}

async function main(): Promise<void> {
  const started = Date.now();
  const at = new Date().toISOString();
  const results: Results = { scaling: [], errors: {} };
  const file = `test-output/bench/results-${at.replace(/[:.]/g, '-')}.json`;
  mkdirSync('test-output/bench', { recursive: true });
  const save = (): string => {
    const json = JSON.stringify(
      {
        at,
        machine: { cores: cpus().length, model: cpus()[0]?.model },
        settings: { seconds, intakeSeconds, offered, backlogPerWorker, scaling },
        durationSeconds: Math.round((Date.now() - started) / 1000),
        ...results,
      },
      null,
      2,
    );
    writeFileSync(file, json);
    writeFileSync('test-output/bench/results-latest.json', json);
    return json;
  };
  if (!skip.has('intake'))
    results.intake = await phase(results, 'intake', () =>
      runIntake({ seconds: intakeSeconds, rates: [1000, 2000], search: { from: 2000, maxSteps: 3 }, log }),
    );
  save();
  // Ours and the reference back to back, same load shape (the ratio needs both in the same run).
  if (!skip.has('e2e'))
    results.ours = await phase(results, 'e2e', () =>
      runEndToEnd({ workersPerKind: 1, saturation: saturation(1), latency, diagnostics: true, log }),
    );
  save();
  if (!skip.has('reference'))
    results.reference = await phase(results, 'reference', () =>
      runReference({ workersPerKind: 1, saturation: saturation(1), latency, log }),
    );
  const oursRate = results.ours?.saturation?.completedPerSecond;
  const referenceRate = results.reference?.saturation?.completedPerSecond;
  if (oursRate !== undefined && referenceRate) results.ratio = oursRate / referenceRate;
  save();
  if (!skip.has('scaling')) {
    for (const workersPerKind of scaling) {
      if (workersPerKind === 1 && results.ours) {
        results.scaling.push(results.ours);
        continue;
      }
      const run = await phase(results, `scaling-${workersPerKind}`, () =>
        runEndToEnd({ workersPerKind, saturation: saturation(workersPerKind), log }),
      );
      if (run) results.scaling.push(run);
      save();
    }
  }
  const output = table(results);
  process.stdout.write(`\n${output}\n\n`);
  save();
  writeFileSync('test-output/bench/results-latest.md', `${output}\n`);
  log(`results written to ${file} and test-output/bench/results-latest.json (${Math.round((Date.now() - started) / 1000)} s)`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
