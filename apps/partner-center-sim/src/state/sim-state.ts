import { CatalogIndex } from './catalog.index';
import { CommerceStore } from './commerce.store';
import { FaultStore } from './fault.store';
import { GdapStore } from './gdap.store';
import { IdempotencyStore } from './idempotency.store';
import { LedgerStore } from './ledger.store';
import { TenantStore } from './tenant.store';
import { ThrottleStore, type ThrottleSettings } from './throttle.store';
import { TokenStore } from './token.store';
import type { PersistentStore } from './state-snapshot';

/** Everything the simulator knows, in memory. `reset()` empties it; the seeded catalog stays. */
export class SimState {
  readonly catalog = new CatalogIndex();
  readonly tenants = new TenantStore();
  readonly commerce = new CommerceStore();
  readonly gdap = new GdapStore();
  readonly idempotency = new IdempotencyStore();
  readonly faults = new FaultStore();
  readonly ledger: LedgerStore;
  /** Revocations, ageing, the MFA switch and pending device codes (token facts that must survive a restart). */
  readonly tokens = new TokenStore();
  readonly throttle: ThrottleStore;

  constructor(
    ledgerLimit: number,
    throttle: ThrottleSettings = { partnerPerMinute: 0, customerPerMinute: 0, groups: {}, windowMs: 60_000 },
  ) {
    this.ledger = new LedgerStore(ledgerLimit);
    this.throttle = new ThrottleStore(throttle);
  }

  /**
   * The stores written to the state file (SIM_STATE_FILE) and restored on start, by name: a new store joins
   * with one line here. Left out on purpose: the catalog (seeded), faults and the ledger (a test's knobs and
   * request log). Tokens are kept: the signing key comes from configuration (SIM_TOKEN_SIGNING_KEY), so a
   * refresh token the product stored keeps working, and revocations, ageing and the MFA switch stay true.
   */
  get persistent(): Readonly<Record<string, PersistentStore>> {
    return {
      tenants: this.tenants,
      commerce: this.commerce,
      gdap: this.gdap,
      idempotency: this.idempotency,
      tokens: this.tokens,
    };
  }

  reset(): void {
    this.catalog.retired.clear();
    this.tenants.clear();
    this.commerce.clear();
    this.gdap.clear();
    this.idempotency.clear();
    this.faults.clear();
    this.ledger.clear();
    this.tokens.clear();
    this.throttle.reset();
  }
}
