import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret, webhookSignatureHeader } from './webhook-signature';

describe('Standard Webhooks signatures', () => {
  const body = JSON.stringify({
    type: 'order.accepted',
    timestamp: '2025-01-01T00:00:00.000Z',
    data: { orderId: 'x', sequence: 1, note: 'ünïcödé' },
  });

  it('generates whsec_ secrets of 24 random bytes', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(generateWebhookSecret()).not.toBe(secret);
  });

  it('is accepted by the standardwebhooks receiver library', () => {
    const secret = generateWebhookSecret();
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = {
      'webhook-id': 'evt_1',
      'webhook-timestamp': String(timestamp),
      'webhook-signature': webhookSignatureHeader([secret], 'evt_1', timestamp, body),
    };
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('carries both signatures during a rotation, each verifiable with its own secret', () => {
    const [current, previous, other] = [generateWebhookSecret(), generateWebhookSecret(), generateWebhookSecret()];
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = webhookSignatureHeader([current, previous], 'evt_2', timestamp, body);
    expect(signature.split(' ')).toHaveLength(2);
    const headers = { 'webhook-id': 'evt_2', 'webhook-timestamp': String(timestamp), 'webhook-signature': signature };
    expect(() => new Webhook(current).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(previous).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(other).verify(body, headers)).toThrow();
  });

  it('fails verification when the body or the id changes', () => {
    const secret = generateWebhookSecret();
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = webhookSignatureHeader([secret], 'evt_3', timestamp, body);
    expect(() =>
      new Webhook(secret).verify(`${body} `, {
        'webhook-id': 'evt_3',
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signature,
      }),
    ).toThrow();
    expect(() =>
      new Webhook(secret).verify(body, { 'webhook-id': 'evt_4', 'webhook-timestamp': String(timestamp), 'webhook-signature': signature }),
    ).toThrow();
  });
});
