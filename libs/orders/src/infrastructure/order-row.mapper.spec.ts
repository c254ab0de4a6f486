import { anOrder } from '@nce/testing/fakes';
import { ORDER_COLUMNS, type OrderRow, orderValues, toOrder } from './order-row.mapper';

describe('the order row mapping', () => {
  const order = anOrder({
    status: 'failed',
    failure: { code: 'DOMAIN_TAKEN', message: 'm', howToFix: 'h', step: 'account' },
    progress: { customerTenantId: 't-1', relationshipChecks: 2 },
    parkedAt: new Date('2026-11-25T09:00:00.000Z'),
  });
  const values = orderValues(order);
  const column = (name: (typeof ORDER_COLUMNS)[number]) => values[ORDER_COLUMNS.indexOf(name)];

  it('writes one value per column, JSON as text and times as DATETIME(3)', () => {
    expect(values).toHaveLength(ORDER_COLUMNS.length);
    expect(column('failure_code')).toBe('DOMAIN_TAKEN');
    expect(column('account_domain')).toBe('contoso.onmicrosoft.com');
    expect(column('required_action')).toBeNull();
    expect(column('parked_at')).toBe('2026-11-25 09:00:00.000');
    expect(JSON.parse(column('progress') as string)).toEqual({ customerTenantId: 't-1', relationshipChecks: 2 });
  });

  it('reads back what it wrote, JSON parsed (MariaDB) or not (MySQL), the event counter only when locked', () => {
    const row = {
      ...Object.fromEntries(ORDER_COLUMNS.map((name) => [name, column(name)])),
      id: order.id,
      customer_id: order.customerId,
      partner_id: order.partnerId,
      version: 1,
      last_event_sequence: 4,
      created_at: order.createdAt,
      updated_at: '2026-11-25 10:00:00.000',
      parked_at: new Date('2026-11-25T09:00:00.000Z'),
    } as unknown as OrderRow;
    const subscription = {
      order_id: order.id,
      subscription_id: 's-1',
      catalog_item_id: 'x',
      status: 'active',
      quantity: 5,
      term_duration: 'P1Y',
      billing_cycle: 'monthly',
      commitment_end_date: null,
    };
    const read = toOrder(row, [subscription]);
    expect(read).toEqual({
      ...order,
      subscriptions: [
        {
          id: 's-1',
          catalogItemId: 'x',
          status: 'active',
          quantity: 5,
          termDuration: 'P1Y',
          billingCycle: 'monthly',
          commitmentEndDate: null,
        },
      ],
    });
    expect(toOrder({ ...row, progress: { customerTenantId: 't-1' }, parked_at: null }, [], { locked: true })).toMatchObject({
      progress: { customerTenantId: 't-1' },
      parkedAt: null,
      lastEventSequence: 4,
    });
  });
});
