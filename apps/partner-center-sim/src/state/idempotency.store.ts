export interface StoredResponse {
  status: number;
  /** The serialized JSON body, byte-for-byte what the first call answered (and far lighter than objects). */
  payload: string;
}

/**
 * Responses kept per (operation, MS-RequestId) so a retry with the same id replays the original
 * outcome. Bounded: the oldest entries go first (Map keeps insertion order).
 */
export class IdempotencyStore {
  private readonly entries = new Map<string, StoredResponse>();

  constructor(private readonly limit = 200_000) {}

  get(operation: string, requestId: string): StoredResponse | undefined {
    return this.entries.get(`${operation}|${requestId.toLowerCase()}`);
  }

  put(operation: string, requestId: string, response: StoredResponse): void {
    if (this.entries.size >= this.limit) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(`${operation}|${requestId.toLowerCase()}`, response);
  }

  clear(): void {
    this.entries.clear();
  }
}
