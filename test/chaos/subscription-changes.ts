/*
 * Subscription changes in the chaos run (issue 17): while the faults go on, the harness posts one change
 * per subscription on subscriptions its orders created (licences up, a reduction inside the 168-hour
 * window, auto-renew off, a cancel, in turn), keeps its own ledger of every change the API accepted, and
 * checks at the end that each one is terminal and, from the simulator's ledger, that none was applied twice.
 * Uses only the public API (POST /v1/subscriptions/{id}/changes, GET /v1/subscription-changes/{id}) and
 * the simulator's control API; reads MySQL only to find subscriptions of completed orders.
 */
import { randomUUID } from 'node:crypto';

const TERMINAL = new Set(['completed', 'failed']);
export const CHANGE_KINDS = ['quantity-up', 'reduction', 'auto-renew-off', 'cancel'] as const;
type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface ChangeDriverDeps {
  /** A live API base URL (null while every API process restarts). */
  liveApi: () => string | null;
  apiKey: string;
  simUrl: string;
  /** MySQL through the harness's retrying query. */
  query: <T>(sql: string, params: unknown[]) => Promise<T[]>;
  log: (line: string) => void;
}

interface ChangeEntry {
  subscriptionId: string;
  kind: ChangeKind;
  key: string;
  body: string;
  changeId?: string;
  status?: string;
  failure?: string;
  rejected?: string;
  unanswered?: boolean;
  retries: number;
}

export interface ChangeReport {
  offered: number;
  accepted: number;
  byKind: Record<string, number>;
  completed: number;
  failed: { total: number; byCode: Record<string, number> };
  /** Accepted changes not terminal when the harness stopped waiting. */
  lost: number;
  lostSamples: Array<{ id: string; status: string | undefined }>;
  rejected: { total: number; samples: string[] };
  unanswered: number;
  submissionRetries: number;
  /** From the simulator ledger: PATCHes applied under a change's MS-CorrelationId that already had one (must be 0). */
  duplicateSubscriptionChanges: number;
  /** Subscriptions (one change each) the simulator's ledger shows patched more than once (must be 0). */
  subscriptionsPatchedMoreThanOnce: number;
  /** Completed changes whose subscription shows no applied PATCH in the simulator ledger (must be 0). */
  completedWithoutPatch: number;
  patchesInLedger: number;
  /** Subscription PATCH requests the simulator saw (applied, replayed, refused or faulted), by status or fault (`timeout`, `429`…; the ledger's request ring may have dropped early ones). */
  patchRequests: Record<string, number>;
  drainSeconds: number | null;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function bodyOf(kind: ChangeKind, quantity: number): string {
  if (kind === 'quantity-up') return JSON.stringify({ quantity: quantity + 2 });
  if (kind === 'reduction') return JSON.stringify({ quantity: quantity - 1 });
  if (kind === 'auto-renew-off') return JSON.stringify({ autoRenew: false });
  return JSON.stringify({ cancel: true });
}

/** Drives the changes; `run` until `count` are offered or `stop()`, then `drain` and `report`. */
export class ChaosChangeDriver {
  readonly entries: ChangeEntry[] = [];
  private stopped = false;
  private readonly chosen = new Set<string>();

  constructor(
    private readonly deps: ChangeDriverDeps,
    private readonly count: number,
  ) {}

  /** Ids of the changes the API accepted (their events are webhook events the receiver must get). */
  acceptedIds(): string[] {
    return this.entries.filter((entry) => entry.changeId).map((entry) => entry.changeId as string);
  }

  stop(): void {
    this.stopped = true;
  }

  /**
   * Picks subscriptions of completed orders as they appear and posts one change on each, paced evenly over
   * `spanMs` (so changes keep coming while the faults go on), at most 64 submissions in flight.
   */
  async run(orderIds: () => string[], spanMs: number): Promise<void> {
    const started = Date.now();
    const paceMs = spanMs / Math.max(1, this.count);
    const inflight = new Set<Promise<void>>();
    let pending: Array<{ subscriptionId: string; quantity: number }> = [];
    while (!this.stopped && this.entries.length < this.count) {
      const due = started + this.entries.length * paceMs;
      if (due > Date.now()) {
        await sleep(Math.min(500, due - Date.now()));
        continue;
      }
      if (pending.length === 0) {
        const ids = orderIds();
        pending = (ids.length === 0 ? [] : await this.candidates(ids).catch(() => [])).filter(
          (candidate) => !this.chosen.has(candidate.subscriptionId),
        );
        if (pending.length === 0) {
          await sleep(500);
          continue;
        }
      }
      const candidate = pending.shift() as { subscriptionId: string; quantity: number };
      this.chosen.add(candidate.subscriptionId);
      let kind = CHANGE_KINDS[this.entries.length % CHANGE_KINDS.length];
      if (kind === 'reduction' && candidate.quantity < 2) kind = 'quantity-up';
      const entry: ChangeEntry = {
        subscriptionId: candidate.subscriptionId,
        kind,
        key: randomUUID(),
        body: bodyOf(kind, candidate.quantity),
        retries: 0,
      };
      this.entries.push(entry);
      while (inflight.size >= 64) await Promise.race(inflight);
      const task = this.submit(entry).finally(() => inflight.delete(task));
      inflight.add(task);
    }
    await Promise.all(inflight);
    this.deps.log(`changes: offered ${this.entries.length}, accepted ${this.entries.filter((entry) => entry.changeId).length}`);
  }

  private async candidates(orderIds: string[]): Promise<Array<{ subscriptionId: string; quantity: number }>> {
    const rows: Array<{ subscription_id: string; quantity: number }> = [];
    for (let index = 0; index < orderIds.length; index += 1000) {
      const part = orderIds.slice(index, index + 1000);
      rows.push(
        ...(await this.deps.query<{ subscription_id: string; quantity: number }>(
          `SELECT os.subscription_id, os.quantity FROM order_subscriptions os JOIN orders o ON o.id = os.order_id
           WHERE o.status = 'completed' AND o.id IN (${part.map(() => '?').join(',')})`,
          part,
        )),
      );
    }
    return rows.map((row) => ({ subscriptionId: row.subscription_id, quantity: Number(row.quantity) }));
  }

  /**
   * Until it gets an answer, with the same Idempotency-Key: no answer, 429, 5xx and a 409 without a
   * change code (a crashed request still holds the key) are retried; a subscription our side has not read
   * yet or not as active (409 SUBSCRIPTION_NOT_SYNCED / NOT_ACTIVE right after the order) is asked again for a while.
   */
  private async submit(entry: ChangeEntry): Promise<void> {
    const deadline = Date.now() + 120_000;
    for (let attempt = 0; ; attempt += 1) {
      if (attempt > 0) {
        entry.retries += 1;
        if (Date.now() > deadline) {
          entry.unanswered = entry.rejected === undefined;
          return;
        }
        await sleep(Math.min(2_000, 100 * attempt));
      }
      const url = this.deps.liveApi();
      if (!url) continue;
      try {
        const response = await fetch(`${url}/v1/subscriptions/${encodeURIComponent(entry.subscriptionId)}/changes`, {
          method: 'POST',
          headers: { authorization: `Bearer ${this.deps.apiKey}`, 'content-type': 'application/json', 'idempotency-key': entry.key },
          body: entry.body,
          signal: AbortSignal.timeout(20_000),
        });
        const text = await response.text();
        if (response.status === 202 || response.status === 200) {
          entry.changeId = (JSON.parse(text) as { id: string }).id;
          entry.rejected = undefined;
          return;
        }
        const code = response.headers.get('content-type')?.includes('json') ? ((JSON.parse(text) as { code?: string }).code ?? '') : '';
        const notYet = code === 'SUBSCRIPTION_NOT_ACTIVE' || code === 'SUBSCRIPTION_NOT_SYNCED';
        if (response.status === 429 || response.status >= 500 || (response.status === 409 && (code === '' || notYet))) {
          if (notYet) entry.rejected = `${response.status} ${text.slice(0, 300)}`;
          continue;
        }
        entry.rejected = `${response.status} ${text.slice(0, 300)}`;
        return;
      } catch {
        // No answer (API killed, connection reset, timeout): ask again.
      }
    }
  }

  private async readStatus(entry: ChangeEntry): Promise<void> {
    const url = this.deps.liveApi();
    if (!url || !entry.changeId) return;
    try {
      const response = await fetch(`${url}/v1/subscription-changes/${entry.changeId}`, {
        headers: { authorization: `Bearer ${this.deps.apiKey}` },
        signal: AbortSignal.timeout(10_000),
      });
      if (response.status !== 200) return;
      const change = (await response.json()) as { status: string; failure?: { code: string } };
      entry.status = change.status;
      entry.failure = change.failure?.code;
    } catch {
      // Read again on the next round.
    }
  }

  /** Waits until every accepted change is terminal (read through the API) or the deadline passes. */
  async drain(deadline: number): Promise<number | null> {
    const started = Date.now();
    for (;;) {
      const open = this.entries.filter((entry) => entry.changeId && !TERMINAL.has(entry.status ?? ''));
      if (open.length === 0) return (Date.now() - started) / 1000;
      if (Date.now() > deadline) return null;
      for (let index = 0; index < open.length; index += 16)
        await Promise.all(open.slice(index, index + 16).map((entry) => this.readStatus(entry)));
      await sleep(500);
    }
  }

  async report(drainSeconds: number | null): Promise<ChangeReport> {
    const ledger = (await (await fetch(`${this.deps.simUrl}/_sim/ledger`)).json()) as {
      subscriptionChanges?: Array<{ subscriptionId: string }>;
      duplicateSubscriptionChanges?: number;
      requests?: Array<{ method: string; path: string; status: number; fault?: string }>;
    };
    const patchRequests: Record<string, number> = {};
    for (const request of ledger.requests ?? []) {
      if (request.method !== 'PATCH' || !request.path.includes('/subscriptions/')) continue;
      const key = request.fault ?? String(request.status);
      patchRequests[key] = (patchRequests[key] ?? 0) + 1;
    }
    const patches = ledger.subscriptionChanges ?? [];
    const perSubscription = new Map<string, number>();
    for (const patch of patches)
      perSubscription.set(patch.subscriptionId.toLowerCase(), (perSubscription.get(patch.subscriptionId.toLowerCase()) ?? 0) + 1);
    const accepted = this.entries.filter((entry) => entry.changeId);
    const lost = accepted.filter((entry) => !TERMINAL.has(entry.status ?? ''));
    const failed = accepted.filter((entry) => entry.status === 'failed');
    const byCode: Record<string, number> = {};
    for (const entry of failed) byCode[entry.failure ?? 'unknown'] = (byCode[entry.failure ?? 'unknown'] ?? 0) + 1;
    const byKind: Record<string, number> = {};
    for (const entry of accepted) byKind[entry.kind] = (byKind[entry.kind] ?? 0) + 1;
    const rejected = this.entries.filter((entry) => !entry.changeId && entry.rejected);
    return {
      offered: this.entries.length,
      accepted: accepted.length,
      byKind,
      completed: accepted.filter((entry) => entry.status === 'completed').length,
      failed: { total: failed.length, byCode },
      lost: lost.length,
      lostSamples: lost.slice(0, 10).map((entry) => ({ id: entry.changeId as string, status: entry.status })),
      rejected: { total: rejected.length, samples: rejected.slice(0, 5).map((entry) => entry.rejected as string) },
      unanswered: this.entries.filter((entry) => entry.unanswered).length,
      submissionRetries: this.entries.reduce((sum, entry) => sum + entry.retries, 0),
      duplicateSubscriptionChanges: ledger.duplicateSubscriptionChanges ?? -1,
      subscriptionsPatchedMoreThanOnce: this.entries.filter((entry) => (perSubscription.get(entry.subscriptionId.toLowerCase()) ?? 0) > 1)
        .length,
      completedWithoutPatch: accepted.filter(
        (entry) => entry.status === 'completed' && !perSubscription.has(entry.subscriptionId.toLowerCase()),
      ).length,
      patchesInLedger: patches.length,
      patchRequests,
      drainSeconds,
    };
  }
}

export function formatChangeReport(report: ChangeReport): string[] {
  const failed =
    Object.entries(report.failed.byCode)
      .map(([code, n]) => `${code} ${n}`)
      .join(', ') || '–';
  return [
    '',
    '| changes offered | accepted (by kind) | completed | failed (code) | lost | rejected | unanswered | PATCHes in sim ledger | duplicateSubscriptionChanges | subscriptions patched twice | completed without PATCH | drain |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    `| ${report.offered} | ${report.accepted} (${JSON.stringify(report.byKind)}) | ${report.completed} | ${report.failed.total} (${failed}) | ${report.lost} | ${report.rejected.total} | ${report.unanswered} | ${report.patchesInLedger} | ${report.duplicateSubscriptionChanges} | ${report.subscriptionsPatchedMoreThanOnce} | ${report.completedWithoutPatch} | ${report.drainSeconds === null ? 'not drained' : `${report.drainSeconds.toFixed(1)} s`} |`,
    '',
    `Subscription PATCH requests seen by the simulator, by status or fault: ${JSON.stringify(report.patchRequests)}.`,
    ...(report.lost > 0 ? ['', `Changes not terminal (first ${report.lostSamples.length}): ${JSON.stringify(report.lostSamples)}`] : []),
    ...(report.rejected.total > 0
      ? ['', `Rejected changes (first ${report.rejected.samples.length}): ${JSON.stringify(report.rejected.samples)}`]
      : []),
  ];
}
