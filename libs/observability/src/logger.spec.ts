import { Writable } from 'node:stream';
import { createLogger } from './logger';

function capture(): { stream: Writable; lines: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, lines: () => chunks.join('') };
}

// What TypeORM throws for a failed statement: the bound values ride along in `parameters` and `driverError.sql`.
function queryFailedError(): Error {
  const error = new Error("Incorrect string value: '\\xED\\xA0\\x80' for column `nce`.`orders`.`body`") as Error & Record<string, unknown>;
  error.name = 'QueryFailedError';
  error.query = 'INSERT INTO orders (id, body) VALUES (?, ?)';
  error.parameters = ['order-1', JSON.stringify({ signatory: { email: 'ada@contoso.example', phoneNumber: '+1 425 555 0100' } })];
  error.driverError = {
    code: 'ER_TRUNCATED_WRONG_VALUE_FOR_FIELD',
    sql: 'INSERT INTO orders (id, body) VALUES (\'order-1\', \'{"email":"ada@contoso.example"}\')',
  };
  return error;
}

describe('log redaction', () => {
  it('keeps SQL parameters of a failed query out of the log line', () => {
    const out = capture();
    createLogger({ level: 'info', pretty: false }, 'test', out.stream).error({ err: queryFailedError() }, 'unexpected error');
    const line = out.lines();
    expect(line).toContain('QueryFailedError');
    expect(line).toContain('INSERT INTO orders (id, body) VALUES (?, ?)');
    expect(line).not.toContain('ada@contoso.example');
    expect(line).not.toContain('425 555');
  });

  it('redacts secrets at any depth and whatever the letter case of their name', () => {
    const out = capture();
    createLogger({ level: 'info', pretty: false }, 'test', out.stream).info(
      {
        request: { headers: { Authorization: 'Bearer nce_part_secret-key-1', cookie: 'nce_session=abc' } },
        config: { database: { primary: { password: 'db-password-1' } } },
        deep: {
          one: {
            two: {
              three: { refreshToken: 'rt-1', clientSecret: 'cs-1', webhookSecret: 'whsec_1', accessToken: 'at-1', ApiKey: 'nce_cust_2' },
            },
          },
        },
        list: [{ password: 'pw-in-array' }],
        orderId: 'kept-order-id',
      },
      'hello',
    );
    const line = out.lines();
    for (const secret of [
      'secret-key-1',
      'nce_session=abc',
      'db-password-1',
      'rt-1',
      'cs-1',
      'whsec_1',
      'at-1',
      'nce_cust_2',
      'pw-in-array',
    ])
      expect(line).not.toContain(secret);
    expect(line).toContain('kept-order-id');
    expect(line).toContain('[redacted]');
  });
});
