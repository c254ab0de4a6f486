/**
 * Requests in flight per endpoint in this process: a slow or hanging partner holds at most `limit`
 * job slots, so other partners' deliveries keep flowing.
 */
export class EndpointLanes {
  private readonly inFlight = new Map<string, number>();

  constructor(private readonly limit: number) {}

  tryEnter(endpointId: string): boolean {
    const current = this.inFlight.get(endpointId) ?? 0;
    if (current >= this.limit) return false;
    this.inFlight.set(endpointId, current + 1);
    return true;
  }

  leave(endpointId: string): void {
    const current = (this.inFlight.get(endpointId) ?? 1) - 1;
    if (current <= 0) this.inFlight.delete(endpointId);
    else this.inFlight.set(endpointId, current);
  }

  busy(): number {
    let total = 0;
    for (const count of this.inFlight.values()) total += count;
    return total;
  }
}
