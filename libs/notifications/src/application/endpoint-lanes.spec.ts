import { EndpointLanes } from './endpoint-lanes';

describe('per-endpoint lanes', () => {
  it('lets `limit` requests run, queues a few more in order, and refuses the rest', async () => {
    const lanes = new EndpointLanes(2, 1);
    const first = await lanes.acquire('slow');
    const second = await lanes.acquire('slow');
    let thirdStarted = false;
    const third = lanes.acquire('slow').then((release) => ((thirdStarted = true), release));
    expect(await lanes.acquire('slow')).toBeNull();
    expect(await lanes.acquire('other')).not.toBeNull();
    await Promise.resolve();
    expect(thirdStarted).toBe(false);
    first!();
    first!();
    const release = await third;
    expect(thirdStarted).toBe(true);
    expect(lanes.busy()).toBe(3);
    second!();
    release!();
    expect(lanes.busy()).toBe(1);
  });

  it('lets a fast endpoint queue many jobs here, a slow one almost none', async () => {
    let now = 0;
    const lanes = new EndpointLanes(1, 500, () => now);
    const hold = async (endpointId: string, ms: number): Promise<void> => {
      const release = await lanes.acquire(endpointId);
      now += ms;
      release!();
    };
    for (let index = 0; index < 20; index += 1) await hold('fast', 5);
    for (let index = 0; index < 20; index += 1) await hold('slow', 15_000);
    const queued = async (endpointId: string): Promise<number> => {
      await lanes.acquire(endpointId);
      let count = 0;
      while (count < 1_000) {
        const pending = lanes.acquire(endpointId);
        const refused = await Promise.race([
          pending.then((release) => release === null),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 0)),
        ]);
        if (refused) break;
        count += 1;
      }
      return count;
    };
    expect(await queued('fast')).toBeGreaterThan(300);
    expect(await queued('slow')).toBe(0);
    expect(lanes.deferMs('slow')).toBeGreaterThan(10_000);
  });
});

describe('sending jobs of a busy endpoint away', () => {
  it('gives each refused job a later turn, spaced at the endpoint pace', async () => {
    const lanes = new EndpointLanes(2, 0, () => 0);
    await lanes.acquire('e');
    await lanes.acquire('e');
    const delays = Array.from({ length: 200 }, () => lanes.deferMs('e'));
    // 20 ms per request over 2 lanes: a turn every 10 ms (50 ms minimum), ±10 % jitter, at most ~1 s away.
    expect(delays[0]).toBeGreaterThanOrEqual(45);
    expect(delays[50]).toBeGreaterThan(450);
    expect(delays[50]).toBeLessThan(570);
    expect(Math.max(...delays)).toBeLessThanOrEqual(1_100);
  });
});

describe('closing the lanes (SIGTERM)', () => {
  it('refuses waiting and new jobs at once so they go back to the queue', async () => {
    const lanes = new EndpointLanes(1, 5);
    const running = await lanes.acquire('e');
    const waiting = lanes.acquire('e');
    lanes.close();
    expect(await waiting).toBeNull();
    expect(await lanes.acquire('other')).toBeNull();
    running!();
    expect(lanes.busy()).toBe(0);
  });
});
