/* The reference pipeline's intake: POST /v1/orders on bare fastify + mysql2, plus an outbox relay (see common.ts). */
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import fastify from 'fastify';
import { Redis } from 'ioredis';
import { createPool } from 'mysql2/promise';
import { BUSINESS_PLANS } from './plans';
import { Relay, outboxInsert, required, runReferenceProcess, sha256, sqlTime, stepCommand } from './common';

async function main(): Promise<() => Promise<void>> {
  const pool = createPool({
    uri: required('REF_DATABASE_URL'),
    connectionLimit: Number(process.env.REF_POOL_SIZE ?? 20),
    multipleStatements: true,
  });
  const prefix = required('REF_PREFIX');
  const redis = new Redis(required('REF_REDIS_URL'), { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  await new Promise<void>((resolve) => redis.once('ready', () => resolve()));
  const queues = new Map<string, Queue>();
  const queue = (name: string): Queue => {
    let found = queues.get(name);
    if (!found) {
      found = new Queue(name, { connection: redis, prefix });
      queues.set(name, found);
    }
    return found;
  };
  const relay = new Relay(pool, queue, Number(process.env.REF_OUTBOX_POLL_MS ?? 50));
  const channel = `${prefix}:order-events`;
  // API keys are cached for 30 s after one lookup, as the product's authentication does.
  const keys = new Map<string, { apiKeyId: string; partnerId: string; expiresAt: number }>();

  const app = fastify({ logger: false });
  app.post('/v1/orders', async (request, reply) => {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!token) return reply.code(401).send({ error: 'unauthenticated' });
    const hash = sha256(token);
    let principal = keys.get(hash);
    if (!principal || principal.expiresAt < Date.now()) {
      const [rows] = await pool.query('SELECT id, partner_id FROM api_keys WHERE key_hash = ?', [hash]);
      const row = (rows as Array<{ id: string; partner_id: string }>)[0];
      if (!row) return reply.code(401).send({ error: 'unauthenticated' });
      principal = { apiKeyId: row.id, partnerId: row.partner_id, expiresAt: Date.now() + 30_000 };
      keys.set(hash, principal);
    }
    const idempotencyKey = request.headers['idempotency-key'];
    if (typeof idempotencyKey !== 'string' || idempotencyKey === '') return reply.code(400).send({ error: 'Idempotency-Key required' });
    const body = request.body as {
      customerId?: string;
      items?: Array<{ catalogItemId: string; quantity: number; termDuration: string; billingCycle: string }>;
      account?: { type: string; domain: string; relationshipConfirmed?: boolean };
      termsAccepted?: boolean;
    };
    if (
      typeof body?.customerId !== 'string' ||
      !Array.isArray(body.items) ||
      body.items.length === 0 ||
      body.account?.type !== 'existing' ||
      body.termsAccepted !== true
    ) {
      return reply.code(422).send({ error: 'invalid order' });
    }
    const [customers] = await pool.query(
      'SELECT c.*, p.channel, p.settings FROM customers c JOIN partners p ON p.id = c.partner_id WHERE c.id = ?',
      [body.customerId],
    );
    const customer = (customers as Array<{ id: string; partner_id: string; tenant_id: string | null; tenant_domain: string | null }>)[0];
    if (!customer || customer.partner_id !== principal.partnerId) return reply.code(404).send({ error: 'customer not found' });
    for (const item of body.items) {
      if (!BUSINESS_PLANS.has(`${item.catalogItemId}|${item.termDuration}|${item.billingCycle}`) || item.quantity < 1)
        return reply.code(422).send({ error: 'unknown plan' });
    }
    const now = new Date();
    const requestHash = sha256(JSON.stringify(body));
    try {
      await pool.query(
        "INSERT INTO idempotency_keys (api_key_id, idempotency_key, request_hash, state, locked_at, created_at) VALUES (?, ?, ?, 'in_progress', ?, ?)",
        [principal.apiKeyId, idempotencyKey, requestHash, sqlTime(now), sqlTime(now)],
      );
    } catch {
      return reply.code(409).send({ error: 'idempotency key in use' });
    }
    const id = randomUUID();
    const account = {
      type: 'existing',
      domain: body.account.domain,
      relationshipConfirmed: body.account.relationshipConfirmed ?? false,
      customerTenantId: customer.tenant_id ?? undefined,
    };
    const orderRequest = {
      attestations: { partnerOfRecord: false, offer: false },
      mca: {},
      qualification: { stateOwnedEntity: false, educationSegment: null },
      termsAccepted: true,
      segment: 'commercial',
    };
    const response = JSON.stringify({
      id,
      status: 'accepted',
      step: 'account',
      customerId: customer.id,
      partnerId: customer.partner_id,
      items: body.items,
      account: { type: account.type, domain: account.domain },
      requiredAction: null,
      delay: null,
      failure: null,
      subscriptions: [],
      portalUrl: null,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      links: { self: `/v1/orders/${id}`, events: `/v1/orders/${id}/events` },
    });
    const outbox = outboxInsert([stepCommand('account', id, 1)], now);
    const connection = await pool.getConnection();
    try {
      await connection.query(
        [
          'START TRANSACTION',
          'INSERT INTO orders (id, customer_id, partner_id, status, step, run, items, account, request, progress, checkout_intent, portal_url, last_event_sequence, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, NULL, NULL, 1, 1, ?, ?)',
          'INSERT INTO order_events (order_id, sequence, type, occurred_at, data) VALUES (?, 1, ?, ?, ?)',
          outbox.sql,
          "UPDATE idempotency_keys SET state = 'completed', response_status = ?, response_body = ? WHERE api_key_id = ? AND idempotency_key = ?",
          'COMMIT',
        ].join(';\n'),
        [
          id,
          customer.id,
          customer.partner_id,
          'accepted',
          'account',
          JSON.stringify(body.items),
          JSON.stringify(account),
          JSON.stringify(orderRequest),
          '{}',
          sqlTime(now),
          sqlTime(now),
          id,
          'order.accepted',
          sqlTime(now),
          JSON.stringify({
            status: 'accepted',
            step: 'account',
            items: body.items,
            account: { type: account.type, domain: account.domain },
          }),
          ...outbox.params,
          202,
          response,
          principal.apiKeyId,
          idempotencyKey,
        ],
      );
    } catch (error) {
      await connection.query('ROLLBACK').catch(() => undefined);
      await pool
        .query("DELETE FROM idempotency_keys WHERE api_key_id = ? AND idempotency_key = ? AND state = 'in_progress'", [
          principal.apiKeyId,
          idempotencyKey,
        ])
        .catch(() => undefined);
      throw error;
    } finally {
      connection.release();
    }
    relay.kick();
    redis.publish(channel, JSON.stringify({ o: id, s: 1 })).catch(() => undefined);
    return reply.code(202).header('content-type', 'application/json').send(response);
  });

  const address = await app.listen({ port: Number(process.env.REF_PORT ?? 0), host: '127.0.0.1' });
  relay.start();
  process.stdout.write(`reference-intake listening on ${address}\n`);
  return async (): Promise<void> => {
    await app.close();
    await relay.stop();
    await Promise.all([...queues.values()].map((q) => q.close().catch(() => undefined)));
    redis.disconnect();
    await pool.end();
  };
}

runReferenceProcess(main);
