import { type SecretBox, type SqlExecutor, type UnitOfWork, fromSqlTime, toSqlTime } from '@nce/persistence';
import type {
  AuthenticationFailure,
  RefreshTokenSource,
  RefreshTokenState,
  RefreshTokenStore,
  StoredRefreshToken,
} from '../application/refresh-token-store.port';

interface CredentialRow {
  refresh_token_sealed: string | null;
  obtained_at: Date | string | null;
  source: string | null;
  version: number;
  failure_code: string | null;
  failure_description: string | null;
  failure_at: Date | string | null;
  failure_version: number | null;
  last_user_call_at: Date | string | null;
}

const COLUMNS =
  'refresh_token_sealed, obtained_at, source, version, failure_code, failure_description, failure_at, failure_version, last_user_call_at';

/**
 * The refresh token in MySQL (`partner_center_credentials`), sealed with the secret box, one row per
 * partner tenant. `exchange` locks the row (SELECT … FOR UPDATE) for the length of one token request,
 * so one process at a time redeems the token and the next one reads the token it wrote back.
 * `PC_REFRESH_TOKEN` (the seed) fills an empty store only.
 */
export class SqlRefreshTokenStore implements RefreshTokenStore {
  private seeded = false;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly box: SecretBox,
    private readonly partnerTenantId: string,
    private readonly seed: string = '',
    private readonly now: () => Date = () => new Date(),
  ) {}

  async read(): Promise<RefreshTokenState> {
    await this.seedOnce();
    const [row] = await this.unitOfWork.executor.query<CredentialRow[]>(
      `SELECT ${COLUMNS} FROM partner_center_credentials WHERE partner_tenant_id = ?`,
      [this.partnerTenantId],
    );
    return row === undefined ? { token: null, failure: null, lastUserCallAt: null } : this.toState(row);
  }

  async exchange<T>(work: (current: StoredRefreshToken | null) => Promise<{ refreshToken?: string; result: T }>): Promise<T> {
    await this.seedOnce();
    await this.ensureRow();
    return this.unitOfWork.transaction(async (tx) => {
      const [row] = await tx.query<CredentialRow[]>(
        `SELECT ${COLUMNS} FROM partner_center_credentials WHERE partner_tenant_id = ? FOR UPDATE`,
        [this.partnerTenantId],
      );
      const current = row === undefined ? null : this.toState(row).token;
      const outcome = await work(current);
      if (outcome.refreshToken !== undefined) await this.write(tx, outcome.refreshToken, 'exchange', false);
      return outcome.result;
    });
  }

  async save(refreshToken: string, source: RefreshTokenSource): Promise<StoredRefreshToken> {
    await this.ensureRow();
    return this.unitOfWork.transaction(async (tx) => {
      await tx.query('SELECT version FROM partner_center_credentials WHERE partner_tenant_id = ? FOR UPDATE', [this.partnerTenantId]);
      return this.write(tx, refreshToken, source, true);
    });
  }

  async recordFailure(failure: Omit<AuthenticationFailure, 'at'>): Promise<void> {
    await this.ensureRow();
    await this.unitOfWork.executor.query(
      'UPDATE partner_center_credentials SET failure_code = ?, failure_description = ?, failure_at = ?, failure_version = ?, updated_at = ? WHERE partner_tenant_id = ?',
      [
        failure.code.slice(0, 64),
        failure.description.slice(0, 1024),
        toSqlTime(this.now()),
        failure.version,
        toSqlTime(this.now()),
        this.partnerTenantId,
      ],
    );
  }

  async recordUserCall(at: Date): Promise<void> {
    await this.unitOfWork.executor.query(
      'UPDATE partner_center_credentials SET last_user_call_at = GREATEST(COALESCE(last_user_call_at, ?), ?) WHERE partner_tenant_id = ?',
      [toSqlTime(at), toSqlTime(at), this.partnerTenantId],
    );
  }

  private async write(
    tx: SqlExecutor,
    refreshToken: string,
    source: RefreshTokenSource,
    clearFailure: boolean,
  ): Promise<StoredRefreshToken> {
    const now = this.now();
    const failure = clearFailure ? ', failure_code = NULL, failure_description = NULL, failure_at = NULL, failure_version = NULL' : '';
    await tx.query(
      `UPDATE partner_center_credentials SET refresh_token_sealed = ?, obtained_at = ?, source = ?, version = version + 1, updated_at = ?${failure} WHERE partner_tenant_id = ?`,
      [this.box.seal(refreshToken), toSqlTime(now), source, toSqlTime(now), this.partnerTenantId],
    );
    const [row] = await tx.query<{ version: number }[]>('SELECT version FROM partner_center_credentials WHERE partner_tenant_id = ?', [
      this.partnerTenantId,
    ]);
    return { refreshToken, obtainedAt: now, source, version: Number(row?.version ?? 0) };
  }

  private async ensureRow(): Promise<void> {
    await this.unitOfWork.executor.query(
      'INSERT IGNORE INTO partner_center_credentials (partner_tenant_id, version, updated_at) VALUES (?, 0, ?)',
      [this.partnerTenantId, toSqlTime(this.now())],
    );
  }

  /** An empty store takes the configured seed once (a token stored before is never replaced by it). */
  private async seedOnce(): Promise<void> {
    if (this.seeded) return;
    if (this.seed !== '') {
      const now = toSqlTime(this.now());
      await this.unitOfWork.executor.query(
        `INSERT INTO partner_center_credentials (partner_tenant_id, refresh_token_sealed, obtained_at, source, version, updated_at) VALUES (?, ?, ?, 'seed', 1, ?)
         ON DUPLICATE KEY UPDATE refresh_token_sealed = IF(refresh_token_sealed IS NULL AND version = 0, VALUES(refresh_token_sealed), refresh_token_sealed),
           obtained_at = IF(version = 0, VALUES(obtained_at), obtained_at), source = IF(version = 0, 'seed', source), version = IF(version = 0, 1, version)`,
        [this.partnerTenantId, this.box.seal(this.seed), now, now],
      );
    }
    this.seeded = true;
  }

  private toState(row: CredentialRow): RefreshTokenState {
    const token: StoredRefreshToken | null =
      row.refresh_token_sealed === null || row.obtained_at === null
        ? null
        : {
            refreshToken: this.box.open(row.refresh_token_sealed),
            obtainedAt: fromSqlTime(row.obtained_at),
            source: (row.source ?? 'seed') as RefreshTokenSource,
            version: Number(row.version),
          };
    const failure: AuthenticationFailure | null =
      row.failure_code === null || row.failure_at === null
        ? null
        : {
            code: row.failure_code,
            description: row.failure_description ?? '',
            at: fromSqlTime(row.failure_at),
            version: row.failure_version === null ? null : Number(row.failure_version),
          };
    return { token, failure, lastUserCallAt: row.last_user_call_at === null ? null : fromSqlTime(row.last_user_call_at) };
  }
}
