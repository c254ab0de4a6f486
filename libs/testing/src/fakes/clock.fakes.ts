/** A clock the spec moves: `clock.now` is what use cases take as their `clock` dependency. */
export class FakeClock {
  private current: number;

  constructor(start: Date | string = '2026-11-25T10:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  readonly now = (): Date => new Date(this.current);

  advance(ms: number): Date {
    this.current += ms;
    return this.now();
  }
}
