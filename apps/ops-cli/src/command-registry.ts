import type { ParseArgsConfig } from 'node:util';
import type { AppConfig } from '@nce/config';
import type { OpsContext } from './ops-context';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>[string] & { description: string };
export type OptionValues = Record<string, string | boolean | undefined>;

/** One ops-cli command: adding a command is one entry in main.ts's COMMANDS. */
export interface OpsCommand {
  name: string;
  summary: string;
  options?: Record<string, OptionSpec>;
  /** Runs before the database is opened (e.g. create it). */
  prepare?(config: AppConfig): Promise<void>;
  /** Runs with the database open (and the queue prefix claimed for `migrate`). */
  run(context: OpsContext, values: OptionValues): Promise<unknown>;
  /** Lines printed to stderr after a success: what to do next. */
  next?(result: unknown, values: OptionValues): string[];
}

export class UsageError extends Error {}

export function usageOf(command: OpsCommand): string {
  const options = Object.entries(command.options ?? {}).map(
    ([name, spec]) => `    --${name}${spec.type === 'string' ? ' VALUE' : ''}`.padEnd(34) + spec.description,
  );
  return [
    `usage: npm run ops -- ${command.name}${options.length > 0 ? ' [options]' : ''}`,
    `  ${command.summary}`,
    ...(options.length > 0 ? ['options:', ...options] : []),
  ].join('\n');
}

export function overview(commands: readonly OpsCommand[]): string {
  return [
    'usage: npm run ops -- <command> [options]      (npm run ops -- <command> --help for its options)',
    ...commands.map((command) => `  ${command.name.padEnd(24)} ${command.summary}`),
    '',
    'Configuration comes from the environment (README, "Configuration"). Without ENCRYPTION_KEY the key that',
    '`npm start` generated in .demo/secrets.json (DEMO_DIR) is used, so the CLI works on the development stack.',
  ].join('\n');
}

export function requireString(values: OptionValues, name: string, command: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`${command} needs --${name}`);
  return value;
}

export function optionalBoolean(values: OptionValues, name: string): boolean | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  if (value === 'true' || value === true) return true;
  if (value === 'false') return false;
  throw new UsageError(`--${name} must be true or false`);
}
