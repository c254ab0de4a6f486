import type { ServerResponse } from 'node:http';
import type { EventStreamSink } from '@nce/notifications';
import type { OrderEvent } from '@nce/orders';

// A client that stops reading is dropped past this much unsent data; it resumes with Last-Event-ID.
const MAX_BUFFERED_BYTES = 1_048_576;

export function eventItem(event: OrderEvent): { sequence: number; type: string; occurredAt: string; data: Record<string, unknown> } {
  return { sequence: event.sequence, type: event.type, occurredAt: event.occurredAt.toISOString(), data: event.data };
}

/** One text/event-stream response: `id:` = sequence, `event:` = type, `data:` = the JSON item. */
export class SseConnection implements EventStreamSink {
  constructor(private readonly raw: ServerResponse) {}

  open(retryMs: number): void {
    this.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    this.raw.write(`retry: ${retryMs}\n\n`);
  }

  send(events: readonly OrderEvent[]): void {
    // JSON.stringify escapes line breaks, so one `data:` line always holds the whole item.
    this.write(
      events.map((event) => `id: ${event.sequence}\nevent: ${event.type}\ndata: ${JSON.stringify(eventItem(event))}\n\n`).join(''),
    );
  }

  heartbeat(): void {
    this.write(': heartbeat\n\n');
  }

  end(): void {
    if (!this.raw.writableEnded) this.raw.end();
  }

  private write(chunk: string): void {
    if (this.raw.writableEnded || this.raw.destroyed) return;
    if (this.raw.writableLength > MAX_BUFFERED_BYTES) {
      this.raw.destroy();
      return;
    }
    this.raw.write(chunk);
  }
}
