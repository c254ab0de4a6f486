/** A pending device-code sign-in (RFC 8628 as Entra ID runs it). */
export interface DeviceCodeEntry {
  deviceCode: string;
  userCode: string;
  clientId: string;
  tenantId: string;
  scope: string;
  createdAt: number;
  expiresAt: number;
  status: 'pending' | 'approved' | 'declined' | 'redeemed';
  /** Set on approval: did the admin sign in with MFA? */
  mfa?: boolean;
}

/** The serialisable facts token validation depends on (a snapshot of the simulator keeps them). */
export interface TokenStateSnapshot {
  accessGeneration: number;
  nextRefreshSeq: number;
  refreshRevokedBelow: number;
  revokedRefreshSeqs: number[];
  ageShifts: { belowSeq: number; seconds: number }[];
  mfaEnabled: boolean;
  deviceCodes: DeviceCodeEntry[];
}

/**
 * Token facts (partner-center-api.md §1.2: 90-day refresh tokens, rotation, invalid_grant once revoked;
 * MFA on every App+User call since 2026-04-01) that must outlive a restart of the simulator: refresh tokens are self-contained
 * (signed with the configured key, carrying their sequence number, issue time and MFA fact), so
 * only revocations, ageing and the MFA switch live here.
 */
export class TokenStore {
  /** Access tokens of an older generation are refused (revocation). */
  accessGeneration = 0;
  /** Each issued refresh token gets the next number; revocation and ageing work on number ranges. */
  nextRefreshSeq = 1;
  /** Refresh tokens numbered below this are revoked (a "revoke all sessions"). */
  refreshRevokedBelow = 0;
  readonly revokedRefreshSeqs = new Set<number>();
  /** `POST /_sim/tokens/age`: tokens numbered below `belowSeq` are older by `seconds`. */
  readonly ageShifts: { belowSeq: number; seconds: number }[] = [];
  /** Whether the next consents are given with MFA (`PUT /_sim/tokens/mfa`). */
  mfaEnabled = true;
  readonly deviceCodes = new Map<string, DeviceCodeEntry>();

  takeRefreshSeq(): number {
    const seq = this.nextRefreshSeq;
    this.nextRefreshSeq += 1;
    return seq;
  }

  isRevoked(seq: number): boolean {
    return seq < this.refreshRevokedBelow || this.revokedRefreshSeqs.has(seq);
  }

  /** Extra age (seconds) of a refresh token from `POST /_sim/tokens/age`. */
  shiftOf(seq: number): number {
    return this.ageShifts.filter((shift) => seq < shift.belowSeq).reduce((sum, shift) => sum + shift.seconds, 0);
  }

  revokeAll(): void {
    this.refreshRevokedBelow = this.nextRefreshSeq;
    this.accessGeneration += 1;
  }

  age(days: number): void {
    this.ageShifts.push({ belowSeq: this.nextRefreshSeq, seconds: Math.round(days * 86_400) });
    // Access tokens issued before are older too: far past their one-hour lifetime.
    this.accessGeneration += 1;
  }

  snapshot(): TokenStateSnapshot {
    return {
      accessGeneration: this.accessGeneration,
      nextRefreshSeq: this.nextRefreshSeq,
      refreshRevokedBelow: this.refreshRevokedBelow,
      revokedRefreshSeqs: [...this.revokedRefreshSeqs],
      ageShifts: this.ageShifts.map((shift) => ({ ...shift })),
      mfaEnabled: this.mfaEnabled,
      deviceCodes: [...this.deviceCodes.values()].map((entry) => ({ ...entry })),
    };
  }

  restore(snapshot: TokenStateSnapshot): void {
    this.clear();
    this.accessGeneration = snapshot.accessGeneration;
    this.nextRefreshSeq = snapshot.nextRefreshSeq;
    this.refreshRevokedBelow = snapshot.refreshRevokedBelow;
    for (const seq of snapshot.revokedRefreshSeqs) this.revokedRefreshSeqs.add(seq);
    this.ageShifts.push(...snapshot.ageShifts.map((shift) => ({ ...shift })));
    this.mfaEnabled = snapshot.mfaEnabled;
    for (const entry of snapshot.deviceCodes) this.deviceCodes.set(entry.deviceCode, { ...entry });
  }

  /**
   * `POST /_sim/reset`: no revocation, no ageing, MFA on. Issued tokens stay valid (a reset empties
   * the simulated world, not the partner's consent); the numbering keeps counting.
   */
  clear(): void {
    this.refreshRevokedBelow = 0;
    this.revokedRefreshSeqs.clear();
    this.ageShifts.length = 0;
    this.mfaEnabled = true;
    this.deviceCodes.clear();
  }
}
