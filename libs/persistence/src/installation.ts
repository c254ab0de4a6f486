import type { DatabaseEndpoint } from '@nce/config';
import type { SqlExecutor } from './sql-executor';

/** Which database a process works on: its permanent id (migration 1764000000400) and where it lives. */
export interface InstallationIdentity {
  id: string;
  /** `host:port/database`, for messages and to recognise a database dropped and created again. */
  database: string;
}

export async function readInstallation(executor: SqlExecutor, endpoint: DatabaseEndpoint): Promise<InstallationIdentity> {
  const rows = await executor.query<Array<{ id: string }>>('SELECT id FROM installation ORDER BY created_at LIMIT 1');
  if (rows.length === 0) throw new Error('the installation table is empty: run the migrations (npm run migrate)');
  return { id: rows[0].id, database: `${endpoint.host}:${endpoint.port}/${endpoint.database}` };
}
