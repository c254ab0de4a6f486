import { PollingLoop } from './polling-loop';

describe('PollingLoop idle slow-down', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  async function passesWithin(loop: PollingLoop, calls: number[], ms: number): Promise<number> {
    const before = calls.length;
    await jest.advanceTimersByTimeAsync(ms);
    return calls.length - before;
  }

  it('doubles the wait while passes find nothing, up to idleMaxMs, and returns to idleMs after a kick', async () => {
    const calls: number[] = [];
    const loop = new PollingLoop(
      async () => {
        calls.push(Date.now());
        return 0;
      },
      { idleMs: 100, idleMaxMs: 800, fullBatch: 10 },
    );
    loop.start();
    await jest.advanceTimersByTimeAsync(0);
    // 100, 200, 400, 800, 800, … after the first pass.
    await jest.advanceTimersByTimeAsync(5_000);
    const gaps = calls.slice(1).map((at, index) => at - calls[index]);
    expect(gaps.slice(0, 5)).toEqual([100, 200, 400, 800, 800]);
    expect(Math.max(...gaps)).toBe(800);
    loop.kick();
    await jest.advanceTimersByTimeAsync(0);
    expect(await passesWithin(loop, calls, 100)).toBe(1);
    await loop.stop();
  });

  it('keeps the base interval while busy() says so (open gaps) and without idleMaxMs', async () => {
    const calls: number[] = [];
    const busyLoop = new PollingLoop(
      async () => {
        calls.push(Date.now());
        return 0;
      },
      { idleMs: 100, idleMaxMs: 800, busy: () => true, fullBatch: 10 },
    );
    busyLoop.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(await passesWithin(busyLoop, calls, 1_000)).toBe(10);
    await busyLoop.stop();
    const fixed: number[] = [];
    const fixedLoop = new PollingLoop(
      async () => {
        fixed.push(Date.now());
        return 0;
      },
      { idleMs: 100, fullBatch: 10 },
    );
    fixedLoop.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(await passesWithin(fixedLoop, fixed, 1_000)).toBe(10);
    await fixedLoop.stop();
  });
});
