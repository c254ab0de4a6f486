import { type SqlExecutor, fromSqlTime, toSqlTime } from '@nce/persistence';
import type { PartnerRepository } from '../application/accounts.ports';
import { DEFAULT_PARTNER_SETTINGS, type Partner, type PartnerSettings } from '../domain/partner.model';

interface PartnerRow {
  id: string;
  name: string;
  channel: 'direct' | 'indirect';
  mpn_id: string | null;
  reseller_tenant_id: string | null;
  settings: string | PartnerSettings;
  created_at: Date;
  updated_at: Date;
}

function toPartner(row: PartnerRow): Partner {
  const settings = typeof row.settings === 'string' ? (JSON.parse(row.settings) as PartnerSettings) : row.settings;
  return {
    id: row.id,
    name: row.name,
    channel: row.channel,
    mpnId: row.mpn_id,
    resellerTenantId: row.reseller_tenant_id,
    settings: { ...DEFAULT_PARTNER_SETTINGS, ...settings },
    createdAt: fromSqlTime(row.created_at),
    updatedAt: fromSqlTime(row.updated_at),
  };
}

export class SqlPartnerRepository implements PartnerRepository {
  constructor(private readonly db: SqlExecutor) {}

  async insert(partner: Partner): Promise<void> {
    await this.db.query(
      'INSERT INTO partners (id, name, channel, mpn_id, reseller_tenant_id, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [
        partner.id,
        partner.name,
        partner.channel,
        partner.mpnId,
        partner.resellerTenantId,
        JSON.stringify(partner.settings),
        toSqlTime(partner.createdAt),
        toSqlTime(partner.updatedAt),
      ],
    );
  }

  async findById(id: string): Promise<Partner | null> {
    const rows = await this.db.query<PartnerRow[]>('SELECT * FROM partners WHERE id = ?', [id]);
    return rows[0] ? toPartner(rows[0]) : null;
  }

  async findByName(name: string): Promise<Partner | null> {
    const rows = await this.db.query<PartnerRow[]>('SELECT * FROM partners WHERE name = ? ORDER BY created_at LIMIT 1', [name]);
    return rows[0] ? toPartner(rows[0]) : null;
  }

  async list(): Promise<Partner[]> {
    const rows = await this.db.query<PartnerRow[]>('SELECT * FROM partners ORDER BY created_at, id');
    return rows.map(toPartner);
  }

  async updateSettings(id: string, settings: PartnerSettings, now: Date): Promise<void> {
    await this.db.query('UPDATE partners SET settings = ?, updated_at = ? WHERE id = ?', [JSON.stringify(settings), toSqlTime(now), id]);
  }
}
