import { CatalogIndex } from './catalog.index';
import { CommerceStore } from './commerce.store';
import { FaultStore } from './fault.store';
import { GdapStore } from './gdap.store';
import { IdempotencyStore } from './idempotency.store';
import { LedgerStore } from './ledger.store';
import { TenantStore } from './tenant.store';
import { TokenStore } from './token.store';

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

  constructor(ledgerLimit: number) {
    this.ledger = new LedgerStore(ledgerLimit);
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
  }
}
