import { type SqlExecutor, type UnitOfWork, toSqlTime } from '@nce/persistence';
import type { CatalogRepository } from '../application/catalog.ports';
import type { CatalogPlan, Segment } from '../domain/catalog-plan.model';

interface PlanRow {
  catalog_item_id: string;
  term_duration: string;
  billing_cycle: string;
  product_id: string;
  sku_id: string;
  title: string;
  segment: Segment;
  min_quantity: number;
  max_quantity: number;
  requires_offer_attestation: number;
  ms_unit_price: string | null;
  ms_erp_price: string | null;
  currency: string | null;
}

export class SqlCatalogRepository implements CatalogRepository {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async replaceAll(plans: CatalogPlan[], syncedAt: Date): Promise<void> {
    await this.unitOfWork.transaction(async (tx: SqlExecutor) => {
      await tx.query('DELETE FROM catalog_plans');
      const placeholders = plans.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
      const values = plans.flatMap((plan) => [
        plan.catalogItemId,
        plan.termDuration,
        plan.billingCycle,
        plan.productId,
        plan.skuId,
        plan.title,
        plan.segment,
        plan.minQuantity,
        plan.maxQuantity,
        plan.requiresOfferAttestation ? 1 : 0,
        plan.msPrice?.unitPrice ?? null,
        plan.msPrice?.erpPrice ?? null,
        plan.msPrice?.currency ?? null,
        toSqlTime(syncedAt),
      ]);
      await tx.query(
        `INSERT INTO catalog_plans (catalog_item_id, term_duration, billing_cycle, product_id, sku_id, title, segment, min_quantity, max_quantity, requires_offer_attestation, ms_unit_price, ms_erp_price, currency, synced_at) VALUES ${placeholders}`,
        values,
      );
    });
  }

  async listAll(): Promise<CatalogPlan[]> {
    const rows = await this.unitOfWork.executor.query<PlanRow[]>(
      'SELECT * FROM catalog_plans ORDER BY title, catalog_item_id, term_duration, billing_cycle',
    );
    return rows.map((row) => ({
      catalogItemId: row.catalog_item_id,
      productId: row.product_id,
      skuId: row.sku_id,
      title: row.title,
      segment: row.segment,
      termDuration: row.term_duration,
      billingCycle: row.billing_cycle,
      minQuantity: row.min_quantity,
      maxQuantity: row.max_quantity,
      requiresOfferAttestation: row.requires_offer_attestation === 1,
      msPrice:
        row.ms_unit_price === null || row.currency === null
          ? null
          : {
              unitPrice: Number(row.ms_unit_price),
              erpPrice: row.ms_erp_price === null ? null : Number(row.ms_erp_price),
              currency: row.currency,
            },
    }));
  }
}
