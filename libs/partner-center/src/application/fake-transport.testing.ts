import type { PartnerCenterTransport, TransportRequest, TransportResponse } from './transport.port';

export type FakeAnswer = { status?: number; body?: unknown } | Error;

/** Scripted transport for application-layer specs: answers by `METHOD path` (path with query). */
export class FakeTransport implements PartnerCenterTransport {
  readonly calls: TransportRequest[] = [];
  private readonly answers = new Map<string, FakeAnswer[]>();

  answer(key: string, ...answers: FakeAnswer[]): this {
    this.answers.set(key, [...(this.answers.get(key) ?? []), ...answers]);
    return this;
  }

  async send<T>(call: TransportRequest): Promise<TransportResponse<T>> {
    this.calls.push(call);
    const key = `${call.route.method} ${call.route.path}`;
    const queue = this.answers.get(key);
    const answer = queue && queue.length > 1 ? queue.shift() : queue?.[0];
    if (answer === undefined) throw new Error(`FakeTransport: no answer for ${key}`);
    if (answer instanceof Error) throw answer;
    return { status: answer.status ?? 200, body: answer.body as T, headers: {}, requestId: 'r', correlationId: 'c' };
  }
}
