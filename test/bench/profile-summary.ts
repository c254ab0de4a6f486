/*
 * Where the CPU time goes in a V8 .cpuprofile (node --cpu-prof): self time aggregated by function and
 * by package (node_modules/<pkg>, our libs/<name> and apps/<name>, node: internals, GC, idle).
 *
 *   node dist/test/bench/profile-summary.js <file-or-dir.cpuprofile> [top=25]
 *
 * A directory means every .cpuprofile in it, summarised one by one.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  busyMs: number;
  byPackage: Array<{ name: string; ms: number; share: number }>;
  byFunction: Array<{ name: string; ms: number; share: number }>;
}

/** The package a script belongs to: node_modules/<pkg> (scoped too), libs/<x>, apps/<x>, node:<internal>. */
export function packageOf(url: string, functionName: string): string {
  if (url === '') {
    if (functionName === '(garbage collector)') return '(gc)';
    if (functionName === '(idle)') return '(idle)';
    if (functionName === '(program)') return '(program)';
    return '(native)';
  }
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  const ours = /\/(libs|apps|test)\/([^/]+)\//.exec(url);
  if (ours) return `${ours[1]}/${ours[2]}`;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  return url.replace(/^file:\/\//, '');
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) return url.slice(modules + 'node_modules/'.length);
  const dist = url.indexOf('/dist/');
  return dist >= 0 ? url.slice(dist + '/dist/'.length) : url.replace(/^file:\/\//, '');
}

export function summarise(file: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  for (let index = 0; index < profile.samples.length; index += 1) {
    const id = profile.samples[index];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  }
  const packages = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    total += us;
    const pkg = packageOf(url, functionName);
    if (pkg === '(idle)') idle += us;
    packages.set(pkg, (packages.get(pkg) ?? 0) + us);
    const name = url === '' ? functionName : `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
  }
  const busy = total - idle;
  const rank = (map: Map<string, number>): Array<{ name: string; ms: number; share: number }> =>
    [...map.entries()]
      .filter(([name]) => name !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: Math.round(us / 1000), share: busy > 0 ? Math.round((us / busy) * 1000) / 10 : 0 }));
  return {
    file,
    totalMs: Math.round(total / 1000),
    busyMs: Math.round(busy / 1000),
    byPackage: rank(packages),
    byFunction: rank(functions),
  };
}

export function formatSummary(summary: ProfileSummary): string {
  return [
    `${summary.file}: ${summary.busyMs} ms busy of ${summary.totalMs} ms sampled (${summary.totalMs > 0 ? Math.round((summary.busyMs / summary.totalMs) * 100) : 0} % CPU)`,
    '  self time by package:',
    ...summary.byPackage.map((entry) => `    ${entry.share.toFixed(1).padStart(5)} %  ${String(entry.ms).padStart(7)} ms  ${entry.name}`),
    '  self time by function:',
    ...summary.byFunction.map((entry) => `    ${entry.share.toFixed(1).padStart(5)} %  ${String(entry.ms).padStart(7)} ms  ${entry.name}`),
  ].join('\n');
}

function main(): void {
  const [target, topArg] = process.argv.slice(2);
  if (!target) {
    process.stderr.write('usage: node dist/test/bench/profile-summary.js <file-or-dir> [top]\n');
    process.exit(2);
  }
  const files = statSync(target).isDirectory()
    ? readdirSync(target)
        .filter((name) => name.endsWith('.cpuprofile'))
        .map((name) => join(target, name))
    : [target];
  for (const file of files) process.stdout.write(`${formatSummary(summarise(file, Number(topArg ?? 25)))}\n\n`);
}

if (require.main === module) main();
