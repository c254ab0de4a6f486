import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The pid each process of a stack last started with, from the supervisor's `started` events in its log files. */
export function supervisedPids(logDir: string): Record<string, number> {
  const pids: Record<string, number> = {};
  for (const file of existsSync(logDir) ? readdirSync(logDir).filter((name) => name.endsWith('.log')) : []) {
    for (const line of readFileSync(join(logDir, file), 'utf8').split('\n')) {
      if (!line.includes('"supervisor"') || !line.includes('"started"')) continue;
      const event = JSON.parse(line) as { process: string; pid: number };
      pids[event.process] = event.pid;
    }
  }
  return pids;
}
