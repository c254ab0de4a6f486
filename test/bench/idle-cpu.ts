/*
 * `npm run bench:idle`: CPU an idle `npm start` stack uses, per process and in total, over a window
 * (IDLE_SECONDS, default 30), read from /proc (utime + stime of each process and its children threads).
 * The processes are those of the stack in DEMO_DIR (default .demo): the supervisor (credentials.json pid)
 * and the pid each child last started with (supervisor events in .demo/logs/*.log).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { supervisedPids } from '../../scripts/stack/supervised-pids';

const TICKS_PER_SECOND = 100;

function stackPids(demoDir: string): Record<string, number> {
  const pids: Record<string, number> = {};
  const credentials = join(demoDir, 'credentials.json');
  if (existsSync(credentials)) {
    const pid = (JSON.parse(readFileSync(credentials, 'utf8')) as { pid?: number }).pid;
    if (pid) pids.supervisor = pid;
  }
  Object.assign(pids, supervisedPids(join(demoDir, 'logs')));
  return pids;
}

/** utime + stime in clock ticks, or null when the process is gone. */
function cpuTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const demoDir = process.env.DEMO_DIR ?? '.demo';
  const seconds = Number(process.env.IDLE_SECONDS ?? 30);
  const pids = stackPids(demoDir);
  if (Object.keys(pids).length === 0) throw new Error(`no running stack found in ${demoDir} (start one with npm start)`);
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuTicks(pid)]));
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  let total = 0;
  process.stdout.write(`idle CPU over ${seconds} s (% of one core)\n`);
  for (const [name, pid] of Object.entries(pids)) {
    const start = before[name];
    const end = cpuTicks(pid);
    if (start === null || end === null) {
      process.stdout.write(`  ${name.padEnd(22)} (pid ${pid} not running)\n`);
      continue;
    }
    const percent = ((end - start) / TICKS_PER_SECOND / seconds) * 100;
    total += percent;
    process.stdout.write(`  ${name.padEnd(22)} ${percent.toFixed(2).padStart(6)} %\n`);
  }
  process.stdout.write(`  ${'total'.padEnd(22)} ${total.toFixed(2).padStart(6)} %\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
