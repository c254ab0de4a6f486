import { ALL_QUEUES } from './queues';
import {
  BULK_JOB_PRIORITY,
  JOB_NAMES,
  JOB_OPTIONS,
  JOB_PAYLOAD_SCHEMAS,
  JOB_TO_QUEUE,
  RECHECK_JOB_PRIORITY,
  gdapCheckJobId,
  jobPriorityOf,
  orderStepJobId,
  parseJobPayload,
  webhookDeliveryJobId,
} from './jobs';

describe('job contracts', () => {
  it('gives every job name a queue, options and a payload schema', () => {
    for (const name of Object.values(JOB_NAMES)) {
      expect(ALL_QUEUES).toContain(JOB_TO_QUEUE[name]);
      expect(JOB_OPTIONS[name].attempts).toBeGreaterThanOrEqual(1);
      expect(JOB_PAYLOAD_SCHEMAS[name]).toBeDefined();
    }
  });

  it('retries every order step more than once', () => {
    for (const name of [JOB_NAMES.orderAccount, JOB_NAMES.orderMca, JOB_NAMES.orderQualification, JOB_NAMES.orderSubscription]) {
      expect(JOB_OPTIONS[name].attempts).toBeGreaterThan(1);
    }
  });

  it('builds deterministic job ids without colons', () => {
    const id = orderStepJobId('account', '0b8f8a52-4c1e-4a57-9d6b-0f0e1c2d3a4b', 2);
    expect(id).toBe('account-0b8f8a52-4c1e-4a57-9d6b-0f0e1c2d3a4b-2');
    expect(id).not.toContain(':');
  });

  it('rejects a payload with unknown fields or a wrong type', () => {
    const orderId = '0b8f8a52-4c1e-4a57-9d6b-0f0e1c2d3a4b';
    expect(() => parseJobPayload('order.account', { orderId, run: '1', correlationId: orderId })).toThrow();
    expect(() => parseJobPayload('order.account', { orderId, run: 1, correlationId: orderId, extra: true })).toThrow();
    expect(parseJobPayload('order.account', { orderId, run: 1, correlationId: orderId })).toEqual({
      orderId,
      run: 1,
      correlationId: orderId,
    });
  });

  it('gives each webhook delivery attempt its own colon-free job id and requires the attempt number', () => {
    const deliveryId = '0b8f8a52-4c1e-4a57-9d6b-0f0e1c2d3a4b';
    expect(webhookDeliveryJobId(deliveryId, 3)).toBe(`webhook-${deliveryId}-3`);
    expect(webhookDeliveryJobId(deliveryId, 3)).not.toContain(':');
    expect(() => parseJobPayload('webhook.deliver', { deliveryId, endpointId: deliveryId })).toThrow();
    expect(parseJobPayload('webhook.deliver', { deliveryId, endpointId: deliveryId, attempt: 1 })).toEqual({
      deliveryId,
      endpointId: deliveryId,
      attempt: 1,
    });
  });

  it('ranks work nobody waits for after interactive work: bulk orders, mass GDAP checks after a roles change, re-checks last', () => {
    expect(jobPriorityOf({ orderId: 'o', run: 1, correlationId: 'o' })).toBeUndefined();
    expect(jobPriorityOf({ orderId: 'o', run: 1, correlationId: 'o', priority: 'bulk' })).toBe(BULK_JOB_PRIORITY);
    expect(jobPriorityOf({ customerId: 'c', reason: 'requested', correlationId: 'x' })).toBeUndefined();
    expect(jobPriorityOf({ customerId: 'c', reason: 'order_completed', correlationId: 'x' })).toBeUndefined();
    expect(jobPriorityOf({ customerId: 'c', reason: 'roles_changed', correlationId: 'x' })).toBe(BULK_JOB_PRIORITY);
    expect(jobPriorityOf({ customerId: 'c', reason: 'recheck', correlationId: 'x' })).toBe(RECHECK_JOB_PRIORITY);
    expect(RECHECK_JOB_PRIORITY).toBeGreaterThan(BULK_JOB_PRIORITY);
  });

  it('gives one gdap.check job per new tenant, per completed order, and per 5 s of button presses', () => {
    const customer = '1b8f8a52-4c1e-4a57-9d6b-0f0e1c2d3a4b';
    expect(gdapCheckJobId(customer, { reason: 'new_tenant', tenantId: 't1' })).toBe(`gdap-${customer}-new-t1`);
    expect(gdapCheckJobId(customer, { reason: 'order_completed', orderId: 'o1' })).toBe(`gdap-${customer}-order-o1`);
    expect(gdapCheckJobId(customer, { reason: 'requested', atMs: 10_000 })).toBe(
      gdapCheckJobId(customer, { reason: 'requested', atMs: 14_999 }),
    );
    expect(gdapCheckJobId(customer, { reason: 'requested', atMs: 10_000 })).not.toBe(
      gdapCheckJobId(customer, { reason: 'requested', atMs: 15_000 }),
    );
    expect(gdapCheckJobId(customer, { reason: 'roles_changed', atMs: 10_000 })).toBe(`gdap-${customer}-roles_changed-2`);
    expect(gdapCheckJobId(customer, { reason: 'recheck' })).not.toContain(':');
  });
});
