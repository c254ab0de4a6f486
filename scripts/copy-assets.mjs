// Build step after swc: nothing but TypeScript is compiled; copy non-TS assets the apps serve.
import { cpSync, existsSync } from 'node:fs';

for (const dir of ['apps/api/src/panel/public']) {
  if (existsSync(dir)) cpSync(dir, `dist/${dir}`, { recursive: true });
}
