import { CatalogIndex } from './catalog.index';
import { CommerceStore } from './commerce.store';
import { FaultStore } from './fault.store';
import { GdapStore } from './gdap.store';
import { IdempotencyStore } from './idempotency.store';
import { LedgerStore } from './ledger.store';
import { TenantStore } from './tenant.store';
import { ThrottleStore, type ThrottleSettings } from './throttle.store';

/** Everything the simulator knows, in memory. `reset()` empties it; the seeded catalog stays. */
export class SimState {
  readonly catalog = new CatalogIndex();
  readonly tenants = new TenantStore();
  readonly commerce = new CommerceStore();
  readonly gdap = new GdapStore();
  readonly idempotency = new IdempotencyStore();
  readonly faults = new FaultStore();
  readonly ledger: LedgerStore;
  readonly throttle: ThrottleStore;
  /** Refresh tokens refused with invalid_grant (control knob). */
  readonly revokedRefreshTokens = new Set<string>();

  constructor(ledgerLimit: number, throttle: ThrottleSettings) {
    this.ledger = new LedgerStore(ledgerLimit);
    this.throttle = new ThrottleStore(throttle);
  }

  reset(): void {
    this.catalog.retired.clear();
    this.tenants.clear();
    this.commerce.clear();
    this.gdap.clear();
    this.idempotency.clear();
    this.faults.clear();
    this.ledger.clear();
    this.throttle.reset();
    this.revokedRefreshTokens.clear();
  }
}
