import { partnerCenterError, inMemoryOrdersContext, anOrder } from '@nce/testing/fakes';
import type { Order } from '../domain/order.model';
import type { OrderStep } from '../domain/order-state-machine';
import { RunOrderStep, type StepJob, laneOf } from './run-order-step.use-case';
import type { StepContext, StepHandler, StepOutcome } from './step-handler.port';

const HOUR = 3_600_000;
const PARK_LIMIT = 14 * 24 * HOUR;

/** A step handler whose outcome the spec decides; it records the orders it was run with. */
class ScriptedStep implements StepHandler {
  readonly runs: Order[] = [];

  constructor(
    readonly step: OrderStep,
    private readonly behave: (order: Order, context: StepContext) => Promise<StepOutcome>,
  ) {}

  run(order: Order, context: StepContext): Promise<StepOutcome> {
    this.runs.push(order);
    return this.behave(order, context);
  }
}

function setup(
  order: Order,
  behave: (order: Order, context: StepContext) => Promise<StepOutcome>,
  step: OrderStep = order.step ?? 'account',
) {
  const context = inMemoryOrdersContext();
  context.orders.seed(order);
  const handler = new ScriptedStep(step, behave);
  const attempts: Array<Record<string, unknown>> = [];
  let kicks = 0;
  const runner = new RunOrderStep({
    unitOfWork: context.unitOfWork.asUnitOfWork(),
    orders: context.orders,
    commit: context.commit,
    eventSink: context.sink,
    handlers: [handler],
    parkLimitMs: PARK_LIMIT,
    onCommitted: () => (kicks += 1),
    recordAttempt: (_orderId, entry) => attempts.push(entry),
    clock: context.clock.now,
    outbox: context.outbox,
  });
  const job = (patch: Partial<StepJob> = {}): StepJob => ({
    orderId: order.id,
    run: order.run,
    correlationId: order.id,
    attempt: 1,
    maxAttempts: 8,
    ...patch,
  });
  return { runner, handler, context, attempts, job, kicks: () => kicks, stored: () => context.orders.get(order.id) };
}

const running = (patch: Partial<Order> = {}): Order => anOrder({ status: 'in_progress', step: 'account', ...patch });
const done = async (): Promise<StepOutcome> => ({ kind: 'done' });

describe('RunOrderStep', () => {
  describe('stale jobs', () => {
    it('skips a job of an earlier run without running the step or writing anything', async () => {
      const { runner, handler, context, job } = setup(running({ run: 2 }), done);
      expect(await runner.execute('account', job({ run: 1 }))).toBeUndefined();
      expect(handler.runs).toEqual([]);
      expect(context.unitOfWork.commits).toEqual([]);
    });

    it('skips a job for a step the order has left', async () => {
      const { runner, handler, job } = setup(running({ step: 'mca' }), done, 'account');
      await runner.execute('account', job());
      expect(handler.runs).toEqual([]);
    });

    it('skips a job of a finished order, and of an order that does not exist', async () => {
      const { runner, handler, job } = setup(anOrder({ status: 'cancelled', step: 'account' }), done);
      await runner.execute('account', job());
      await runner.execute('account', job({ orderId: '9b8f8a52-4c1e-4a57-9d6b-0f0e1c2d3a4b' }));
      expect(handler.runs).toEqual([]);
    });

    it('drops the outcome of a run that became stale while the step was working', async () => {
      const { runner, context, job, stored } = setup(running(), async (order) => {
        context.orders.seed({ ...context.orders.get(order.id), run: 2 });
        return { kind: 'done', progress: { customerTenantId: 't-1' } };
      });
      await runner.execute('account', job());
      expect(stored()).toMatchObject({ run: 2, step: 'account', progress: {} });
      expect(context.outbox.commands).toEqual([]);
    });

    it('ends quietly when a progress save finds the run stale', async () => {
      const { runner, context, job } = setup(running(), async (order, step) => {
        context.orders.seed({ ...context.orders.get(order.id), run: 3 });
        await step.saveProgress({ progress: { createCustomerRequestId: 'r-1' } });
        return { kind: 'done' };
      });
      await expect(runner.execute('account', job())).resolves.toBeUndefined();
      expect(context.events.of(running().id)).toEqual([]);
    });

    it('lets only one of two concurrent runs of the same job record a checkout intent and check out (a stalled or re-driven job)', async () => {
      // Both runs read the order before either recorded its intent; each builds its own cart, then they
      // save one after the other (as the row lock orders them in MySQL).
      const checkedOut: string[] = [];
      let arrived = 0;
      let bothBuilt: () => void = () => undefined;
      let firstSaved: () => void = () => undefined;
      const bothBuiltCarts = new Promise<void>((resolve) => (bothBuilt = resolve));
      const firstSave = new Promise<void>((resolve) => (firstSaved = resolve));
      const { runner, job, stored } = setup(
        running({ step: 'subscription', progress: {} }),
        async (order, step) => {
          let intent = order.checkoutIntent;
          if (!intent) {
            const cartId = `cart-${++arrived}`;
            if (arrived === 2) bothBuilt();
            await bothBuiltCarts;
            if (cartId === 'cart-2') await firstSave;
            intent = { cartId, requestId: `request-${cartId}`, at: '2026-11-25T10:00:00.000Z' };
            try {
              await step.saveProgress({ checkoutIntent: intent });
            } finally {
              if (cartId === 'cart-1') firstSaved();
            }
          }
          checkedOut.push(intent.cartId);
          return { kind: 'poll', retryInMs: 1_000 };
        },
        'subscription',
      );
      const results = await Promise.allSettled([runner.execute('subscription', job()), runner.execute('subscription', job())]);
      expect(checkedOut).toHaveLength(1);
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled']);
      expect(stored().checkoutIntent?.cartId).toBe(checkedOut[0]);
    });

    it('keeps the attestation a concurrent run recorded: the other run ends quietly before asking for acceptance', async () => {
      let arrived = 0;
      let bothArrived: () => void = () => undefined;
      const bothRead = new Promise<void>((resolve) => (bothArrived = resolve));
      let firstSaved: () => void = () => undefined;
      const firstSave = new Promise<void>((resolve) => (firstSaved = resolve));
      const asked: string[] = [];
      const { runner, job, stored } = setup(
        running({ step: 'mca', progress: {} }),
        async (_order, step) => {
          const attestationId = `attestation-${++arrived}`;
          if (arrived === 2) bothArrived();
          await bothRead;
          // The saves one after the other, as the row lock orders them in MySQL.
          if (attestationId === 'attestation-2') await firstSave;
          try {
            await step.saveProgress({ progress: { attestationId } });
          } finally {
            if (attestationId === 'attestation-1') firstSaved();
          }
          asked.push(attestationId);
          return { kind: 'poll', retryInMs: 1_000 };
        },
        'mca',
      );
      const results = await Promise.allSettled([runner.execute('mca', job()), runner.execute('mca', job())]);
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled']);
      expect(asked).toHaveLength(1);
      expect(stored().progress.attestationId).toBe(asked[0]);
    });

    it('lets a run replace the expired attestation it read itself', async () => {
      const { runner, job, stored } = setup(
        running({ step: 'mca', progress: { attestationId: 'attestation-expired' } }),
        async (_order, step) => {
          await step.saveProgress({ progress: { attestationId: 'attestation-new' } });
          return { kind: 'poll', retryInMs: 1_000 };
        },
        'mca',
      );
      expect(await runner.execute('mca', job())).toEqual({ rerunInMs: 1_000, recheck: false });
      expect(stored().progress.attestationId).toBe('attestation-new');
    });

    it('refuses a step no handler serves', async () => {
      const { runner, job } = setup(running(), done);
      await expect(runner.execute('mca', job())).rejects.toThrow('No handler for step mca');
    });
  });

  describe('the park limit', () => {
    it('fails an order parked longer than the limit instead of re-checking it', async () => {
      const { runner, handler, context, job, stored } = setup(
        anOrder({
          status: 'action_required',
          step: 'account',
          requiredAction: { type: 'relationship_acceptance', message: 'Accept the invitation' },
        }),
        done,
      );
      context.orders.seed({ ...stored(), parkedAt: new Date(context.clock.now().getTime() - PARK_LIMIT - 1) });
      await runner.execute('account', job());
      expect(handler.runs).toEqual([]);
      expect(stored()).toMatchObject({
        status: 'failed',
        failure: { code: 'PARK_EXPIRED', message: 'Waited too long for: Accept the invitation', step: 'account' },
      });
      expect(context.sink.types()).toEqual(['order.failed']);
    });

    it('re-checks an order parked within the limit without a transaction to start it', async () => {
      const parked = anOrder({
        status: 'action_required',
        step: 'account',
        requiredAction: { type: 'relationship_acceptance', message: 'Accept' },
        parkedAt: new Date('2026-11-25T09:00:00.000Z'),
      });
      const { runner, handler, context, job, stored } = setup(parked, async () => ({
        kind: 'action',
        action: { type: 'relationship_acceptance', message: 'Accept' },
        recheckInMs: 60_000,
        progress: { relationshipChecks: 2 },
      }));
      context.clock.advance(PARK_LIMIT - HOUR);
      expect(await runner.execute('account', job())).toEqual({ rerunInMs: 60_000, recheck: true });
      expect(handler.runs).toHaveLength(1);
      expect(context.unitOfWork.commits).toEqual(['pipelined']);
      // Same action again: no new event, the parked-since time is kept.
      expect(context.sink.events).toEqual([]);
      expect(stored()).toMatchObject({ status: 'action_required', parkedAt: parked.parkedAt, progress: { relationshipChecks: 2 } });
    });
  });

  describe('outcomes', () => {
    it('starts an accepted order, then completes the step with its progress and the next command in one commit', async () => {
      const { runner, context, job, stored, kicks } = setup(anOrder(), async () => ({
        kind: 'done',
        progress: { customerTenantId: 't-1' },
        account: { customerTenantId: 't-1' },
        commands: [
          {
            name: 'gdap.check',
            jobId: 'gdap-x',
            data: { customerId: anOrder().customerId, reason: 'new_tenant', correlationId: anOrder().id },
          },
        ],
      }));
      expect(await runner.execute('account', job())).toBeUndefined();
      expect(stored()).toMatchObject({
        status: 'in_progress',
        step: 'mca',
        progress: { customerTenantId: 't-1', accountDone: true },
        account: { customerTenantId: 't-1' },
      });
      expect(context.outbox.jobIds()).toEqual([`mca-${anOrder().id}-1`, 'gdap-x']);
      expect(context.sink.types()).toEqual(['order.progressed', 'order.progressed']);
      expect(context.unitOfWork.commits).toEqual(['pipelined', 'pipelined']);
      expect(kicks()).toBe(1);
    });

    it('runs an order already on its step without a starting transaction', async () => {
      const { runner, context, job } = setup(running(), done);
      await runner.execute('account', job());
      expect(context.unitOfWork.commits).toEqual(['pipelined']);
    });

    it('completes the order after the last step with its subscriptions and portal link', async () => {
      const subscription = {
        id: 's-1',
        catalogItemId: 'x',
        status: 'active',
        quantity: 5,
        termDuration: 'P1Y',
        billingCycle: 'monthly',
        commitmentEndDate: null,
      };
      const { runner, context, job, stored } = setup(running({ step: 'subscription' }), async () => ({
        kind: 'done',
        subscriptions: [subscription],
        portalUrl: 'https://admin.microsoft.com',
      }));
      await runner.execute('subscription', job());
      expect(stored()).toMatchObject({
        status: 'completed',
        step: null,
        subscriptions: [subscription],
        portalUrl: 'https://admin.microsoft.com',
      });
      expect(context.sink.types()).toEqual(['order.completed']);
      expect(context.outbox.commands).toEqual([]);
    });

    it('delays the step visibly and re-runs the same job later, in the re-check lane for account reviews', async () => {
      const { runner, context, job, stored } = setup(running(), async () => ({
        kind: 'delay',
        reason: 'account_under_review',
        retryInMs: 30_000,
        progress: { validationChecks: 1 },
      }));
      expect(await runner.execute('account', job())).toEqual({ rerunInMs: 30_000, recheck: true });
      expect(stored()).toMatchObject({
        status: 'in_progress',
        delay: { reason: 'account_under_review', retryAt: '2026-11-25T10:00:30.000Z' },
        progress: { validationChecks: 1 },
      });
      expect(context.outbox.commands).toEqual([]);
    });

    it('polls by saving progress and re-running the same job, with no event', async () => {
      const { runner, context, job, stored } = setup(running({ step: 'subscription' }), async () => ({
        kind: 'poll',
        retryInMs: 2_000,
        progress: { provisioningPolls: 1 },
      }));
      expect(await runner.execute('subscription', job())).toEqual({ rerunInMs: 2_000, recheck: false });
      expect(stored().progress).toEqual({ provisioningPolls: 1 });
      expect(context.sink.events).toEqual([]);
    });

    it('fails the order with the code the step gives', async () => {
      const { runner, job, stored, attempts } = setup(running(), async () => ({
        kind: 'fail',
        code: 'DOMAIN_TAKEN',
        message: 'taken',
        howToFix: 'choose another',
      }));
      await runner.execute('account', job());
      expect(stored()).toMatchObject({ status: 'failed', failure: { code: 'DOMAIN_TAKEN', step: 'account' } });
      expect(attempts).toEqual([{ step: 'account', run: 1, attempt: 1, outcome: 'fail', code: 'DOMAIN_TAKEN' }]);
    });

    it('commits saved progress before the step goes on, and hands the stored order back', async () => {
      const { runner, context, job } = setup(running(), async (_order, step) => {
        const saved = await step.saveProgress({
          progress: { createCustomerRequestId: 'r-1' },
          checkoutIntent: { cartId: 'c', requestId: 'r', at: 'now' },
        });
        expect(context.orders.get(saved.id).progress).toEqual({ createCustomerRequestId: 'r-1' });
        return { kind: 'done' };
      });
      await runner.execute('account', job());
      expect(context.orders.get(running().id)).toMatchObject({
        progress: { createCustomerRequestId: 'r-1', accountDone: true },
        checkoutIntent: { cartId: 'c' },
      });
    });
  });

  describe('errors', () => {
    it('fails the order on a permanent Partner Center error the step did not map', async () => {
      const { runner, job, stored, attempts } = setup(running(), async () => Promise.reject(partnerCenterError('12345')));
      await runner.execute('account', job());
      expect(stored()).toMatchObject({ status: 'failed', failure: { code: 'PARTNER_CENTER_12345' } });
      expect(attempts[0]).toMatchObject({ outcome: 'error', retryClass: 'permanent' });
    });

    it('shows throttling as a delay and rethrows so the worker re-delays the job without a failure', async () => {
      const throttled = partnerCenterError('429', { httpStatus: 429, retryClass: 'throttled' });
      const { runner, context, job, stored } = setup(running(), async () => Promise.reject(throttled));
      await expect(runner.execute('account', job())).rejects.toBe(throttled);
      expect(stored()).toMatchObject({ status: 'in_progress', delay: { reason: 'partner_center_throttled' }, failure: null });
      expect(context.sink.types()).toEqual(['order.delayed']);
      expect(context.outbox.commands).toEqual([]);
    });

    it('shows our own broken Partner Center credentials as their own delay reason', async () => {
      const { runner, job, stored } = setup(running(), async () =>
        Promise.reject(partnerCenterError('PARTNER_CENTER_AUTHENTICATION', { httpStatus: null, retryClass: 'upstream_unavailable' })),
      );
      await expect(runner.execute('account', job())).rejects.toThrow();
      expect(stored().delay?.reason).toBe('partner_center_authentication');
    });

    it('leaves a parked order parked when its re-check is throttled', async () => {
      const parked = anOrder({
        status: 'action_required',
        step: 'account',
        requiredAction: { type: 'relationship_acceptance', message: 'Accept' },
        parkedAt: new Date('2026-11-25T09:00:00.000Z'),
      });
      const { runner, context, job, stored } = setup(parked, async () =>
        Promise.reject(partnerCenterError('429', { httpStatus: 429, retryClass: 'throttled' })),
      );
      await expect(runner.execute('account', job())).rejects.toThrow();
      expect(stored().status).toBe('action_required');
      expect(context.unitOfWork.commits).toEqual([]);
    });

    it('rethrows a transient error for a retry, and marks the order once its retries are exhausted', async () => {
      const transient = partnerCenterError('HTTP_503', { httpStatus: 503, retryClass: 'transient' });
      const { runner, job, stored } = setup(running(), async () => Promise.reject(transient));
      await expect(runner.execute('account', job({ attempt: 1 }))).rejects.toBe(transient);
      expect(stored().delay).toBeNull();
      await expect(runner.execute('account', job({ attempt: 8 }))).rejects.toBe(transient);
      expect(stored()).toMatchObject({ status: 'in_progress', delay: { reason: 'retries_exhausted' } });
    });

    it('records a plain error as transient', async () => {
      const { runner, job, attempts } = setup(running(), async () => Promise.reject(new Error('socket hang up')));
      await expect(runner.execute('account', job())).rejects.toThrow('socket hang up');
      expect(attempts).toEqual([
        { step: 'account', run: 1, attempt: 1, outcome: 'error', error: 'socket hang up', retryClass: 'transient' },
      ]);
    });
  });

  describe('throttle lanes', () => {
    it('puts parked orders and account reviews in the re-check lane, bulk orders in theirs', () => {
      expect(laneOf(anOrder({ status: 'action_required' }))).toBe('recheck');
      expect(laneOf(running({ delay: { reason: 'account_under_review', retryAt: 'x' } }))).toBe('recheck');
      expect(laneOf(running({ request: { ...anOrder().request, priority: 'bulk' } }))).toBe('bulk');
      expect(laneOf(running())).toBe('interactive');
    });
  });
});
