import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { configVariables } from './load-config';

/** Variables read outside libs/config: `npm start` (scripts/start-stack.ts) and the ops CLI's development secrets. */
const OUTSIDE_THE_CONFIG_LIB = new Set(['DEMO_DIR']);

interface DocumentedRow {
  names: string[];
  defaults: string;
}

/** The tables of README's "## Configuration" section: variable names (first cell) and the default cell. */
function documentedRows(readme: string): DocumentedRow[] {
  const start = readme.indexOf('\n## Configuration');
  const end = readme.indexOf('\n## ', start + 5);
  const rows: DocumentedRow[] = [];
  for (const line of readme.slice(start, end).split('\n')) {
    if (!line.startsWith('| `')) continue;
    const cells = line.split(' | ');
    // Names before any parenthesis; the parenthesis lists examples of a wildcard.
    const head = cells[0].split('(')[0];
    const names = [...head.matchAll(/`([A-Z][A-Z0-9_]*\*?)`/g)].map((match) => match[1]);
    rows.push({ names, defaults: cells[1] ?? '' });
  }
  return rows;
}

function splitDefaults(cell: string): string[] {
  // Commas inside backticks or parentheses belong to one default.
  const parts: string[] = [];
  let depth = 0;
  let inCode = false;
  let current = '';
  for (const char of cell) {
    if (char === '`') inCode = !inCode;
    if (!inCode && char === '(') depth += 1;
    if (!inCode && char === ')') depth -= 1;
    if (char === ',' && depth === 0 && !inCode) {
      parts.push(current.trim());
      current = '';
    } else current += char;
  }
  parts.push(current.trim());
  return parts;
}

describe("README's configuration tables against libs/config", () => {
  const readme = readFileSync(resolve(__dirname, '../../../README.md'), 'utf8');
  const rows = documentedRows(readme);
  const documented = rows.flatMap((row) => row.names);
  // Some variables are only read in a mode (Sentinel, Cluster).
  const variables = configVariables([{}, { REDIS_SENTINELS: '127.0.0.1:26379' }, { REDIS_CLUSTER_NODES: '127.0.0.1:7000' }]);
  const covered = (name: string): boolean =>
    documented.some((entry) => (entry.endsWith('*') ? name.startsWith(entry.slice(0, -1)) : entry === name));

  it('lists every variable the configuration reads', () => {
    expect([...variables.keys()].filter((name) => !covered(name))).toEqual([]);
  });

  it('lists no variable that nothing reads', () => {
    expect(documented.filter((name) => !name.endsWith('*') && !variables.has(name) && !OUTSIDE_THE_CONFIG_LIB.has(name))).toEqual([]);
  });

  it('shows a default wherever the code has one', () => {
    const hidden: string[] = [];
    for (const row of rows) {
      const defaults = splitDefaults(row.defaults);
      row.names.forEach((name, index) => {
        if (name.endsWith('*')) return;
        const shown = defaults.length === row.names.length ? defaults[index] : defaults.length === 1 ? defaults[0] : '?';
        const codeDefault = variables.get(name);
        if (codeDefault !== undefined && codeDefault !== '' && /^(–|-|)$/.test(shown.trim()))
          hidden.push(`${name} (code default ${JSON.stringify(codeDefault)})`);
        if (shown === '?') hidden.push(`${name}: the default cell has ${defaults.length} values for ${row.names.length} variables`);
      });
    }
    expect(hidden).toEqual([]);
  });
});
