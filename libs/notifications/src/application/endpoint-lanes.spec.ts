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
});

describe('deferring jobs of a busy endpoint', () => {
  it('spaces deferred jobs at the endpoint pace so each comes back about once', async () => {
    let now = 0;
    const lanes = new EndpointLanes(2, 0, () => now);
    const first = await lanes.acquire('e');
    const second = await lanes.acquire('e');
    now = 100;
    first!();
    second!();
    // average hold time 0.8 * 10 + 0.2 * 100 = 28, then 42.4 ms; 2 lanes: a slot every ~21 ms
    await lanes.acquire('e');
    await lanes.acquire('e');
    const delays = [lanes.deferMs('e'), lanes.deferMs('e'), lanes.deferMs('e')];
    expect(delays[0]).toBeGreaterThan(0);
    expect(delays[1] - delays[0]).toBe(delays[2] - delays[1]);
    expect(delays[1] - delays[0]).toBeGreaterThan(15);
  });
});
