/*
 * `npm run chaos`: the full chaos run (issue 7). CHAOS_ORDERS, CHAOS_RATE, CHAOS_FAULTS, CHAOS_SEED override
 * the size; CHAOS_WEBHOOK_WAIT_S bounds the wait for webhook deliveries after the orders drained;
 * CHAOS_CHANGES subscription changes are posted on the orders' subscriptions during the faults (0 = none).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { formatReport, runChaos } from './harness';

async function main(): Promise<void> {
  const orders = Number(process.env.CHAOS_ORDERS ?? 10_000);
  const ratePerSecond = Number(process.env.CHAOS_RATE ?? 50);
  const faults = Number(process.env.CHAOS_FAULTS ?? 24);
  const seed = Number(process.env.CHAOS_SEED ?? 7);
  const changes = Number(process.env.CHAOS_CHANGES ?? 1_000);
  const started = Date.now();
  const report = await runChaos({
    orders,
    ratePerSecond,
    faults,
    seed,
    simFaultWindowMs: 6_000,
    drainTimeoutMs: 300_000,
    webhookTimeoutMs: Number(process.env.CHAOS_WEBHOOK_WAIT_S ?? 1_200) * 1000,
    changes,
    log: (line) => process.stdout.write(`[chaos ${((Date.now() - started) / 1000).toFixed(1)}s] ${line}\n`),
  });
  const text = formatReport(report);
  process.stdout.write(`\n${text}\n`);
  mkdirSync('test-output/chaos', { recursive: true });
  writeFileSync(
    'test-output/chaos/report.json',
    JSON.stringify(
      {
        command: `CHAOS_ORDERS=${orders} CHAOS_RATE=${ratePerSecond} CHAOS_FAULTS=${faults} CHAOS_SEED=${seed} CHAOS_CHANGES=${changes} npm run chaos`,
        ...report,
      },
      null,
      2,
    ),
  );
  writeFileSync('test-output/chaos/report.md', `${text}\n`);
  const targets = [
    ['lost 0', report.lost === 0],
    ['duplicate checkouts 0', report.checkouts.duplicateCheckouts === 0],
    ['every webhook event delivered', report.webhooks.missing === 0],
    ['no duplicate webhook delivery after dedupe', report.webhooks.duplicatesAfterDedupe === 0],
    [
      'every order terminal within 2 minutes after the last fault',
      report.timings.drainSecondsAfterLastFault !== null && report.timings.drainSecondsAfterLastFault <= 120,
    ],
    ...(report.changes
      ? ([
          [
            'no subscription change applied twice (duplicateSubscriptionChanges 0, no subscription patched twice)',
            report.changes.duplicateSubscriptionChanges === 0 && report.changes.subscriptionsPatchedMoreThanOnce === 0,
          ],
          [
            'every accepted subscription change terminal, each completed one patched in the simulator',
            report.changes.lost === 0 && report.changes.completedWithoutPatch === 0,
          ],
        ] as const)
      : []),
  ] as const;
  for (const [target, met] of targets) process.stdout.write(`${met ? 'met    ' : 'MISSED '} ${target}\n`);
  process.stdout.write('report: test-output/chaos/report.json, test-output/chaos/report.md\n');
  process.exit(targets.every(([, met]) => met) ? 0 : 1);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
