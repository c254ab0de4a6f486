/** The partner's App+User refresh token as kept by the product (newest one wins). */
export interface StoredRefreshToken {
  refreshToken: string;
  /** When this token was obtained (consent or exchange): Entra counts its 90 days from here. */
  obtainedAt: Date;
  /** How it was obtained. */
  source: RefreshTokenSource;
  /** Increases with every write: a reconnect is seen as a newer version. */
  version: number;
}

export type RefreshTokenSource = 'seed' | 'consent' | 'exchange';

/** Why App+User calls cannot be made right now (the Partner Center authentication breaker). */
export interface AuthenticationFailure {
  code: string;
  description: string;
  at: Date;
  /** The token version that failed: a newer version (reconnect) closes the breaker. */
  version: number | null;
}

export interface RefreshTokenState {
  token: StoredRefreshToken | null;
  failure: AuthenticationFailure | null;
  lastUserCallAt: Date | null;
}

/**
 * Port of the refresh-token store: one row per partner tenant, the token sealed at rest. Every
 * exchange writes back the newest token; one process at a time exchanges (`exchange` holds a lock).
 */
export interface RefreshTokenStore {
  read(): Promise<RefreshTokenState>;
  /**
   * Runs `work` holding this partner tenant's refresh lock, with the current token (null: none). The
   * token `work` returns is stored as the newest (source `exchange`); other processes wait and then
   * see it.
   */
  exchange<T>(work: (current: StoredRefreshToken | null) => Promise<{ refreshToken?: string; result: T }>): Promise<T>;
  /** A new consent (connect-partner-center): stores the token and clears any failure. */
  save(refreshToken: string, source: RefreshTokenSource): Promise<StoredRefreshToken>;
  recordFailure(failure: Omit<AuthenticationFailure, 'at'>): Promise<void>;
  recordUserCall(at: Date): Promise<void>;
}

/** Keeps the token in memory (one process: ops commands, contract tests, benchmarks without MySQL). */
export class InMemoryRefreshTokenStore implements RefreshTokenStore {
  private state: RefreshTokenState;
  private lock: Promise<unknown> = Promise.resolve();

  constructor(
    seed?: string,
    private readonly now: () => number = Date.now,
  ) {
    const token = seed ? { refreshToken: seed, obtainedAt: new Date(now()), source: 'seed' as const, version: 1 } : null;
    this.state = { token, failure: null, lastUserCallAt: null };
  }

  async read(): Promise<RefreshTokenState> {
    return { ...this.state };
  }

  exchange<T>(work: (current: StoredRefreshToken | null) => Promise<{ refreshToken?: string; result: T }>): Promise<T> {
    const run = this.lock.then(async () => {
      const outcome = await work(this.state.token);
      if (outcome.refreshToken !== undefined) this.write(outcome.refreshToken, 'exchange', false);
      return outcome.result;
    });
    this.lock = run.catch(() => undefined);
    return run;
  }

  async save(refreshToken: string, source: 'seed' | 'consent' | 'exchange'): Promise<StoredRefreshToken> {
    return this.write(refreshToken, source, true);
  }

  async recordFailure(failure: Omit<AuthenticationFailure, 'at'>): Promise<void> {
    this.state = { ...this.state, failure: { ...failure, at: new Date(this.now()) } };
  }

  async recordUserCall(at: Date): Promise<void> {
    this.state = { ...this.state, lastUserCallAt: at };
  }

  private write(refreshToken: string, source: 'seed' | 'consent' | 'exchange', clearFailure: boolean): StoredRefreshToken {
    const token = { refreshToken, obtainedAt: new Date(this.now()), source, version: (this.state.token?.version ?? 0) + 1 };
    this.state = { ...this.state, token, failure: clearFailure ? null : this.state.failure };
    return token;
  }
}
