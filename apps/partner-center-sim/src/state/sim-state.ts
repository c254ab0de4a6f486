import { CatalogIndex } from './catalog.index';
import { CommerceStore } from './commerce.store';
import { FaultStore } from './fault.store';
import { GdapStore } from './gdap.store';
import { IdempotencyStore } from './idempotency.store';
import { LedgerStore } from './ledger.store';
import { TenantStore } from './tenant.store';
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
  /** Refresh tokens refused with invalid_grant (control knob). */
  readonly revokedRefreshTokens = new Set<string>();

  constructor(ledgerLimit: number) {
    this.ledger = new LedgerStore(ledgerLimit);
  }

  /**
   * The stores written to the state file (SIM_STATE_FILE) and restored on start, by name: a new store joins
   * with one line here. Left out on purpose: the catalog (seeded), faults and the ledger (a test's knobs and
   * request log), tokens (a restarted simulator rolls its signing key, like an authority whose keys rolled).
   */
  get persistent(): Readonly<Record<string, PersistentStore>> {
    return {
      tenants: this.tenants,
      commerce: this.commerce,
      gdap: this.gdap,
      idempotency: this.idempotency,
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
    this.revokedRefreshTokens.clear();
  }
}
