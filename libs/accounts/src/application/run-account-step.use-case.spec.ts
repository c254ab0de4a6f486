import { type AccountProgress, type Order, RunOrderStep } from '@nce/orders';
import type { Customer as PcCustomer } from '@nce/partner-center';
import {
  FakeStepContext,
  InMemoryAdminCredentialStore,
  InMemoryCustomerRepository,
  InMemoryPartnerRepository,
  NEW_ACCOUNT,
  aCustomer,
  aPartner,
  anOrderOn,
  inMemoryOrdersContext,
  partnerCenterError,
  scriptedPort,
} from '@nce/testing/fakes';
import { RunAccountStep } from './run-account-step.use-case';
import type { AccountsPartnerCenter } from './step-ports';

const SETTINGS = { partnerTenantId: 'partner-tenant', recheckBaseMs: 60_000, recheckMaxMs: 3_600_000 };
const pcCustomer = (id: string, relationshipToPartner: PcCustomer['relationshipToPartner'] = 'reseller'): PcCustomer =>
  ({ id, companyProfile: { domain: 'contoso.onmicrosoft.com' }, relationshipToPartner }) as PcCustomer;
const ready: Partial<AccountsPartnerCenter> = { getValidationStatus: async () => ({ status: 'Allowed' }) as never };

function setup(
  script: Partial<AccountsPartnerCenter>,
  options: { partner?: Parameters<typeof aPartner>[0]; linkedTo?: { id: string; domain: string } } = {},
) {
  const partnerCenter = scriptedPort<AccountsPartnerCenter>(script);
  const customers = new InMemoryCustomerRepository(aCustomer({ tenant: options.linkedTo ?? null }));
  const credentials = new InMemoryAdminCredentialStore();
  const step = new RunAccountStep(
    partnerCenter,
    customers,
    new InMemoryPartnerRepository(aPartner(options.partner)),
    credentials,
    SETTINGS,
  );
  return { step, partnerCenter, customers, credentials };
}

const existingOrder = (progress: AccountProgress = {}): Order => anOrderOn('account', { progress });
const newOrder = (progress: AccountProgress = {}): Order => anOrderOn('account', { account: NEW_ACCOUNT, progress });

/** The order runner over in-memory orders holding a new-account order, to run the step's job twice at once. */
function runnerFor(step: RunAccountStep) {
  const orders = inMemoryOrdersContext();
  orders.orders.seed(newOrder());
  const runner = new RunOrderStep({
    unitOfWork: orders.unitOfWork.asUnitOfWork(),
    orders: orders.orders,
    commit: orders.commit,
    eventSink: orders.sink,
    handlers: [step],
    parkLimitMs: 3_600_000,
    clock: orders.clock.now,
    outbox: orders.outbox,
  });
  const job = { orderId: newOrder().id, run: 1, correlationId: newOrder().id, attempt: 1, maxAttempts: 5 };
  return { runner, job, stored: () => orders.orders.findById(newOrder().id) };
}

describe('the account step', () => {
  describe('an existing account', () => {
    it('finds the tenant by domain, links it to the customer and is done', async () => {
      const { step, customers } = setup({ ...ready, findCustomerByDomain: async () => pcCustomer('t-1') });
      const outcome = await step.run(existingOrder(), new FakeStepContext(existingOrder()));
      expect(outcome).toEqual({ kind: 'done', progress: { customerTenantId: 't-1' }, account: { customerTenantId: 't-1' }, commands: [] });
      expect((await customers.findById(aCustomer().id))?.tenant).toEqual({ id: 't-1', domain: 'contoso.onmicrosoft.com' });
    });

    it('parks for the relationship with the invitation link, backing off with each re-check', async () => {
      const script = {
        findCustomerByDomain: async () => pcCustomer('t-1', 'none'),
        getRelationshipRequestUrl: async () => 'https://admin.microsoft.com/invite',
      };
      const { step } = setup(script);
      const first = await step.run(existingOrder(), new FakeStepContext(existingOrder()));
      expect(first).toMatchObject({
        kind: 'action',
        action: { type: 'relationship_acceptance', url: 'https://admin.microsoft.com/invite' },
        recheckInMs: 60_000,
        progress: { relationshipChecks: 1 },
      });
      const third = await step.run(existingOrder({ relationshipChecks: 2 }), new FakeStepContext(existingOrder()));
      expect(third).toMatchObject({ recheckInMs: 240_000, progress: { relationshipChecks: 3 } });
    });

    it('asks an indirect reseller’s invitation with the reseller and our tenant', async () => {
      const { step, partnerCenter } = setup(
        { findCustomerByDomain: async () => null, getRelationshipRequestUrl: async () => 'u' },
        { partner: { channel: 'indirect', resellerTenantId: 'reseller-1' } },
      );
      await step.run(existingOrder(), new FakeStepContext(existingOrder()));
      expect(partnerCenter.callsTo('getRelationshipRequestUrl')[0][0]).toEqual({
        indirectResellerId: 'reseller-1',
        indirectCloudSolutionProviderId: 'partner-tenant',
      });
    });

    it('fails when the customer is already linked to another tenant', async () => {
      const { step } = setup(
        { findCustomerByDomain: async () => pcCustomer('t-1') },
        { linkedTo: { id: 't-other', domain: 'other.onmicrosoft.com' } },
      );
      expect(await step.run(existingOrder(), new FakeStepContext(existingOrder()))).toMatchObject({
        kind: 'fail',
        code: 'CUSTOMER_LINKED_TO_OTHER_TENANT',
      });
    });

    it('delays while Microsoft reviews the account, keeping the tenant found', async () => {
      const { step } = setup({
        findCustomerByDomain: async () => pcCustomer('t-1'),
        getValidationStatus: async () => ({ status: 'UnderReview' }) as never,
      });
      expect(await step.run(existingOrder(), new FakeStepContext(existingOrder()))).toEqual({
        kind: 'delay',
        reason: 'account_under_review',
        retryInMs: 60_000,
        progress: { customerTenantId: 't-1', validationChecks: 1 },
      });
    });

    it('names the other blocking validation states', async () => {
      for (const [status, reason] of [
        ['NotAllowed', 'account_not_allowed'],
        ['Unknown', 'account_status_unknown'],
      ]) {
        const { step } = setup({ getValidationStatus: async () => ({ status }) as never });
        expect(await step.run(existingOrder({ customerTenantId: 't-1' }), new FakeStepContext(existingOrder()))).toMatchObject({
          kind: 'delay',
          reason,
        });
      }
    });

    it('skips the lookup when an earlier run found the tenant', async () => {
      const { step, partnerCenter } = setup(ready);
      expect(await step.run(existingOrder({ customerTenantId: 't-1' }), new FakeStepContext(existingOrder()))).toMatchObject({
        kind: 'done',
        progress: { customerTenantId: 't-1' },
      });
      expect(partnerCenter.calls.map((call) => call.method)).toEqual(['getValidationStatus']);
    });
  });

  describe('a new account', () => {
    const created = {
      id: 't-new',
      companyProfile: { domain: NEW_ACCOUNT.domain },
      userCredentials: { userName: 'admin', password: 'secret' },
    };

    it('records the MS-RequestId before creating, stores the admin credentials, and asks for a GDAP check', async () => {
      const { step, partnerCenter, credentials } = setup({
        ...ready,
        isDomainAvailable: async () => true,
        createCustomer: async () => created as never,
      });
      const context = new FakeStepContext(newOrder());
      const outcome = await step.run(newOrder(), context);
      const requestId = context.saves[0].progress?.createCustomerRequestId;
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(partnerCenter.callsTo('createCustomer')[0][1]).toEqual({ requestId, correlationId: newOrder().id });
      expect(credentials.saved).toEqual([
        {
          orderId: newOrder().id,
          customerId: aCustomer().id,
          tenantId: 't-new',
          userName: 'admin@fabrikam.onmicrosoft.com',
          password: 'secret',
        },
      ]);
      expect(outcome).toMatchObject({
        kind: 'done',
        account: { customerTenantId: 't-new' },
        commands: [
          { name: 'gdap.check', jobId: `gdap-${aCustomer().id}-new-t-new`, data: { reason: 'new_tenant', orderId: newOrder().id } },
        ],
      });
    });

    it('replays the create with the recorded MS-RequestId when the domain is taken by its own earlier attempt, never creating twice', async () => {
      const { step, partnerCenter } = setup({
        ...ready,
        isDomainAvailable: async () => false,
        createCustomer: async () => ({ ...created, userCredentials: undefined }) as never,
      });
      const outcome = await step.run(newOrder({ createCustomerRequestId: 'r-1' }), new FakeStepContext(newOrder()));
      expect(partnerCenter.callsTo('createCustomer').map((args) => (args[1] as { requestId: string }).requestId)).toEqual(['r-1']);
      expect(outcome).toMatchObject({ kind: 'done', account: { customerTenantId: 't-new' } });
    });

    it('lets only one of two concurrent runs of the same job record a MS-RequestId and create the customer (a stalled or re-driven job)', async () => {
      // Both runs read the order before either recorded its MS-RequestId; they then save one after the
      // other (as the row lock orders them in MySQL). A second create would be a second tenant.
      let arrived = 0;
      let bothArrived: () => void = () => undefined;
      let firstCreated: () => void = () => undefined;
      const bothChecked = new Promise<void>((resolve) => (bothArrived = resolve));
      const firstCreate = new Promise<void>((resolve) => (firstCreated = resolve));
      const isDomainAvailable = async () => {
        const second = ++arrived === 2;
        if (second) bothArrived();
        await bothChecked;
        // The second run saves after the first committed its MS-RequestId (and sent its create).
        if (second) await firstCreate;
        return true;
      };
      const createCustomer = async () => {
        firstCreated();
        return created as never;
      };
      const { step, partnerCenter } = setup({ ...ready, isDomainAvailable, createCustomer });
      const { runner, job, stored } = runnerFor(step);
      const results = await Promise.allSettled([runner.execute('account', job), runner.execute('account', { ...job })]);
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled']);
      const requestIds = partnerCenter.callsTo('createCustomer').map((args) => (args[1] as { requestId: string }).requestId);
      expect(requestIds).toHaveLength(1);
      expect((await stored())?.progress).toMatchObject({
        createCustomerRequestId: requestIds[0],
        customerTenantId: 't-new',
        accountDone: true,
      });
    });

    it('does not fail the order as DOMAIN_TAKEN when a concurrent run of the same job just created its tenant', async () => {
      // The second run reads the order before the first records its MS-RequestId, then finds the domain
      // taken by the first run's new tenant; its outcome commits before the first run is done.
      let checks = 0;
      let bothArrived: () => void = () => undefined;
      let tenantCreated: () => void = () => undefined;
      const bothChecked = new Promise<void>((resolve) => (bothArrived = resolve));
      const createdOnce = new Promise<void>((resolve) => (tenantCreated = resolve));
      let secondSettled: Promise<unknown> = Promise.resolve();
      const { step } = setup({
        isDomainAvailable: async () => {
          const first = ++checks === 1;
          if (!first) bothArrived();
          await bothChecked;
          if (!first) await createdOnce;
          return first;
        },
        createCustomer: async () => {
          tenantCreated();
          return created as never;
        },
        getValidationStatus: async () => {
          await secondSettled;
          return { status: 'Allowed' } as never;
        },
      });
      const { runner, job, stored } = runnerFor(step);
      const first = runner.execute('account', job);
      const second = runner.execute('account', { ...job });
      secondSettled = Promise.race([first, second]).catch(() => undefined);
      const results = await Promise.allSettled([first, second]);
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled']);
      expect(await stored()).toMatchObject({
        status: 'in_progress',
        failure: null,
        progress: { customerTenantId: 't-new', accountDone: true },
      });
    });

    it('adopts the tenant found by domain when the replay is refused', async () => {
      const { step } = setup({
        ...ready,
        isDomainAvailable: async () => false,
        createCustomer: async () => Promise.reject(partnerCenterError('1000')),
        findCustomerByDomain: async () => pcCustomer('t-found'),
      });
      expect(await step.run(newOrder({ createCustomerRequestId: 'r-1' }), new FakeStepContext(newOrder()))).toMatchObject({
        kind: 'done',
        account: { customerTenantId: 't-found' },
      });
    });

    it('fails with DOMAIN_TAKEN when another tenant owns the domain', async () => {
      const { step, partnerCenter } = setup({ isDomainAvailable: async () => false });
      expect(await step.run(newOrder(), new FakeStepContext(newOrder()))).toMatchObject({ kind: 'fail', code: 'DOMAIN_TAKEN' });
      expect(partnerCenter.callsTo('createCustomer')).toEqual([]);
    });

    it('asks for another domain when Microsoft failed half way through creating it', async () => {
      const { step } = setup({
        isDomainAvailable: async () => true,
        createCustomer: async () => Promise.reject(partnerCenterError('27002')),
      });
      expect(await step.run(newOrder(), new FakeStepContext(newOrder()))).toMatchObject({ kind: 'fail', code: 'CHOOSE_ANOTHER_DOMAIN' });
    });

    it('reports refused company data with its Partner Center code', async () => {
      const { step } = setup({
        isDomainAvailable: async () => true,
        createCustomer: async () => Promise.reject(partnerCenterError('600049')),
      });
      expect(await step.run(newOrder(), new FakeStepContext(newOrder()))).toMatchObject({
        kind: 'fail',
        code: 'ACCOUNT_DATA_REJECTED_600049',
      });
    });

    it('rethrows a create whose outcome is unknown, keeping the recorded MS-RequestId for the retry', async () => {
      const timeout = partnerCenterError('TIMEOUT', { httpStatus: null, retryClass: 'transient' });
      const { step } = setup({ isDomainAvailable: async () => true, createCustomer: async () => Promise.reject(timeout) });
      const context = new FakeStepContext(newOrder());
      await expect(step.run(newOrder(), context)).rejects.toBe(timeout);
      expect(context.order.progress.createCustomerRequestId).toBeDefined();
    });

    it('polls a just-created tenant that is not readable yet, then counts a later 404 as an error', async () => {
      const notYet = partnerCenterError('60003', { httpStatus: 404 });
      const { step } = setup({ getValidationStatus: async () => Promise.reject(notYet) });
      expect(await step.run(newOrder({ customerTenantId: 't-new', tenantCreated: true }), new FakeStepContext(newOrder()))).toEqual({
        kind: 'poll',
        retryInMs: 1_000,
        progress: { customerTenantId: 't-new', tenantCreated: true, unreadableChecks: 1 },
      });
      await expect(
        step.run(newOrder({ customerTenantId: 't-new', tenantCreated: true, unreadableChecks: 12 }), new FakeStepContext(newOrder())),
      ).rejects.toBe(notYet);
      await expect(step.run(existingOrder({ customerTenantId: 't-1' }), new FakeStepContext(existingOrder()))).rejects.toBe(notYet);
    });

    it('keeps the created mark through an account review, so the GDAP check still follows', async () => {
      const { step } = setup({ getValidationStatus: async () => ({ status: 'UnderReview' }) as never });
      expect(await step.run(newOrder({ customerTenantId: 't-new', tenantCreated: true }), new FakeStepContext(newOrder()))).toMatchObject({
        kind: 'delay',
        progress: { tenantCreated: true },
      });
      const done = setup(ready);
      expect(
        await done.step.run(newOrder({ customerTenantId: 't-new', tenantCreated: true }), new FakeStepContext(newOrder())),
      ).toMatchObject({ commands: [{ name: 'gdap.check' }] });
    });

    it('creates an indirect reseller’s customer with the reseller as associated partner', async () => {
      const { step, partnerCenter } = setup(
        { ...ready, isDomainAvailable: async () => true, createCustomer: async () => created as never },
        { partner: { channel: 'indirect', resellerTenantId: 'reseller-1' } },
      );
      await step.run(newOrder(), new FakeStepContext(newOrder()));
      expect(partnerCenter.callsTo('createCustomer')[0][0]).toMatchObject({
        associatedPartnerId: 'reseller-1',
        companyProfile: { domain: NEW_ACCOUNT.domain },
      });
    });
  });
});
