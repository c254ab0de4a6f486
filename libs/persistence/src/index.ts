export { createDataSource, ensureDatabaseExists, runMigrations } from './data-source.factory';
export { PersistenceModule } from './persistence.module';
export {
  ManagerExecutor,
  UnitOfWork,
  fromSqlTime,
  isDatabaseUnavailable,
  isDuplicateKeyError,
  isLockRefusal,
  toSqlTime,
  type ResultHeader,
  type SqlExecutor,
} from './sql-executor';
export { MIGRATIONS } from './migrations';
export { SecretBox } from './secret-box';
export { SqlAuditLog, type AuditRecord, type StoredAuditRecord } from './sql-audit-log';
export { decodeKeysetCursor, encodeKeysetCursor, type KeysetPosition } from './keyset-cursor';
export { readInstallation, type InstallationIdentity } from './installation';
