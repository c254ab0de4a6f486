import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RotatingLog } from './rotating-log';

describe('RotatingLog', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'rotating-log-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('keeps JSON lines as they are and wraps plain lines as JSON with the process name and level', () => {
    const log = new RotatingLog(join(directory, 'api.log'));
    log.line('{"level":30,"msg":"hello"}', 'api', 'stdout');
    log.line('api failed to start: boom', 'api', 'stderr');
    log.line('   ', 'api', 'stdout');
    log.close();
    const lines = readFileSync(join(directory, 'api.log'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({ level: 30, msg: 'hello' });
    expect(lines[1]).toMatchObject({ level: 50, name: 'api', msg: 'api failed to start: boom' });
  });

  it('rotates at the size limit and keeps only the configured number of old files', () => {
    const path = join(directory, 'worker.log');
    const log = new RotatingLog(path, 200, 2);
    for (let index = 0; index < 40; index += 1) log.event('worker', `event ${index}`);
    log.close();
    expect(existsSync(`${path}.1`)).toBe(true);
    expect(existsSync(`${path}.2`)).toBe(true);
    expect(existsSync(`${path}.3`)).toBe(false);
    expect(readFileSync(path, 'utf8')).toContain('event 39');
    for (const file of [path, `${path}.1`, `${path}.2`]) expect(readFileSync(file).length).toBeLessThanOrEqual(200);
  });
});
