import { randomUUID } from 'node:crypto';
import { PartnerNotFoundError } from '../domain/accounts.errors';
import { DEFAULT_PARTNER_SETTINGS, type Partner, type PartnerSettings } from '../domain/partner.model';
import type { PartnerRepository } from './accounts.ports';

export class CreatePartner {
  constructor(
    private readonly partners: PartnerRepository,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async execute(input: {
    name: string;
    channel: 'direct' | 'indirect';
    mpnId?: string;
    resellerTenantId?: string;
    settings?: Partial<PartnerSettings>;
  }): Promise<Partner> {
    const now = this.clock();
    const partner: Partner = {
      id: randomUUID(),
      name: input.name,
      channel: input.channel,
      mpnId: input.mpnId ?? null,
      resellerTenantId: input.resellerTenantId ?? null,
      settings: { ...DEFAULT_PARTNER_SETTINGS, ...input.settings },
      createdAt: now,
      updatedAt: now,
    };
    await this.partners.insert(partner);
    return partner;
  }
}

export interface SettingsChange {
  settings: PartnerSettings;
  gdapRolesChanged: boolean;
}

export class UpdatePartnerSettings {
  constructor(
    private readonly partners: PartnerRepository,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async execute(partnerId: string, patch: Partial<PartnerSettings>): Promise<SettingsChange> {
    const partner = await this.partners.findById(partnerId);
    if (!partner) throw new PartnerNotFoundError(partnerId);
    const settings: PartnerSettings = { ...partner.settings, ...patch };
    await this.partners.updateSettings(partnerId, settings, this.clock());
    const before = [...partner.settings.gdapRoles].sort().join(',');
    const after = [...settings.gdapRoles].sort().join(',');
    // New security groups need their access assignments: the same re-check of every customer.
    const groupsChanged = [...partner.settings.gdapSecurityGroups].sort().join(',') !== [...settings.gdapSecurityGroups].sort().join(',');
    return { settings, gdapRolesChanged: before !== after || groupsChanged };
  }
}
