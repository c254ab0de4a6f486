import { loadConfig } from '@nce/config';
import { createDataSource, ensureDatabaseExists, runMigrations } from './data-source.factory';

// `npm run migrate`: creates the database if missing, applies pending migrations, prints what ran.
async function main(): Promise<void> {
  const config = loadConfig();
  await ensureDatabaseExists(config.database);
  const dataSource = createDataSource(config.database, { poolSize: 1 });
  await dataSource.initialize();
  try {
    const applied = await runMigrations(dataSource);
    process.stdout.write(applied.length === 0 ? 'migrations: up to date\n' : `migrations applied: ${applied.join(', ')}\n`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
