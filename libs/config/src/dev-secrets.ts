import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Env } from './env-reader';

/**
 * The environment with the development secrets `npm start` keeps beside the stack (DEMO_DIR, default
 * `.demo`, file secrets.json) filled in where the environment has none: the ops CLI then encrypts with the
 * stack's ENCRYPTION_KEY. `file` names the file used, if any.
 */
export function withDevelopmentSecrets(env: Env = process.env): { env: Env; file?: string } {
  if (env.ENCRYPTION_KEY) return { env };
  const file = resolve(env.DEMO_DIR ?? '.demo', 'secrets.json');
  if (!existsSync(file)) return { env };
  const secrets = JSON.parse(readFileSync(file, 'utf8')) as { encryptionKey?: string };
  if (!secrets.encryptionKey) return { env };
  return { env: { ...env, ENCRYPTION_KEY: secrets.encryptionKey }, file };
}
