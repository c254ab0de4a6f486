// Points relative imports at files that a commit renamed: `node scripts/rewrite-moved-imports.mjs <commit>`.
// For merging work that was written against the old paths (new files, or a side of a conflict taken as is):
// every `from './old-name'` in apps, libs, test and scripts that resolves to a file the commit renamed
// is rewritten to the new path. Files and imports the commit did not rename are left alone.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

const commit = process.argv[2];
if (!commit) {
  process.stderr.write('usage: node scripts/rewrite-moved-imports.mjs <commit that renamed the files>\n');
  process.exit(2);
}

const git = (...args) => execFileSync('git', args, { encoding: 'utf8' });
const withoutExtension = (path) => path.replace(/\.(ts|js)$/, '');
const moves = new Map();
for (const line of git('diff', '--name-status', '-M50%', `${commit}^`, commit).split('\n')) {
  const [status, from, to] = line.split('\t');
  if (status?.startsWith('R') && /\.(ts|js)$/.test(from)) moves.set(resolve(withoutExtension(from)), resolve(withoutExtension(to)));
}

const files = git('ls-files', '-co', '--exclude-standard', 'apps', 'libs', 'test', 'scripts')
  .split('\n')
  .filter((file) => /\.(ts|js|mjs|cjs)$/.test(file));
let changed = 0;
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue; // listed but deleted in the work tree
  }
  const directory = dirname(resolve(file));
  const rewritten = text.replace(/((?:from|import|require|jest\.mock)\s*\(?\s*)'(\.{1,2}\/[^']*)'/g, (match, head, specifier) => {
    const moved = moves.get(resolve(directory, specifier));
    if (!moved) return match;
    const next = relative(directory, moved);
    return `${head}'${next.startsWith('.') ? next : `./${next}`}'`;
  });
  if (rewritten !== text) {
    writeFileSync(file, rewritten);
    changed += 1;
    process.stdout.write(`${file}\n`);
  }
}
process.stdout.write(`${moves.size} renamed files, ${changed} files updated\n`);
