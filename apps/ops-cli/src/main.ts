import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, withDevelopmentSecrets } from '@nce/config';
import { QueuePrefixInUseError } from '@nce/messaging';
import { type OpsCommand, type OptionValues, UsageError, overview, usageOf } from './command-registry';
import { COMMANDS } from './commands';
import { openOpsContext } from './ops-context';

function print(value: unknown): void {
  process.stdout.write(typeof value === 'string' ? `${value}\n` : `${JSON.stringify(value, null, 2)}\n`);
}

let current: OpsCommand | undefined;

async function main(argv: string[]): Promise<void> {
  const name = argv[0];
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    if (name === undefined) throw new UsageError('no command given');
    print(overview(COMMANDS));
    return;
  }
  current = COMMANDS.find((command) => command.name === name);
  if (current === undefined) throw new UsageError(`unknown command "${name}"`);
  let values: OptionValues;
  try {
    values = parseArgs({
      args: argv.slice(1),
      allowPositionals: false,
      options: { ...current.options, help: { type: 'boolean', short: 'h' } },
    }).values as OptionValues;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) {
    print(usageOf(current));
    return;
  }
  const { env, file } = withDevelopmentSecrets();
  if (file) process.stderr.write(`(ENCRYPTION_KEY from ${file}, the development stack's)\n`);
  const config = loadConfig(env);
  await current.prepare?.(config);
  const context = await openOpsContext(config);
  try {
    const result = await current.run(context, values);
    print(result);
    for (const line of current.next?.(result, values) ?? []) process.stderr.write(`${line}\n`);
  } finally {
    await context.dataSource.destroy();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) process.stderr.write(`${error.message}\n\n${current ? usageOf(current) : overview(COMMANDS)}\n`);
  else if (error instanceof ConfigError) {
    const missingKey = error.message.includes('ENCRYPTION_KEY');
    process.stderr.write(
      `${error.message}\n${missingKey ? 'ENCRYPTION_KEY: run `npm start` once (it writes .demo/secrets.json, which the CLI reads), or set ENCRYPTION_KEY to the key your stack uses.\n' : ''}`,
    );
  } else if (error instanceof QueuePrefixInUseError) process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
