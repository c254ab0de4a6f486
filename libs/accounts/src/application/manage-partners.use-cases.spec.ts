import { InMemoryPartnerRepository, aPartner } from '../../../testing/src/fakes/accounts.fakes';
import { PartnerNotFoundError } from '../domain/accounts.errors';
import { DEFAULT_GDAP_ROLES, DEFAULT_PARTNER_SETTINGS } from '../domain/partner.model';
import { CreatePartner, UpdatePartnerSettings } from './manage-partners.use-cases';

const AT = new Date('2026-12-03T10:00:00Z');

describe('CreatePartner', () => {
  it('stores a direct partner with the default settings', async () => {
    const partners = new InMemoryPartnerRepository();

    const created = await new CreatePartner(partners, () => AT).execute({ name: 'Northwind', channel: 'direct' });

    expect(created).toEqual({
      id: expect.any(String),
      name: 'Northwind',
      channel: 'direct',
      mpnId: null,
      resellerTenantId: null,
      settings: DEFAULT_PARTNER_SETTINGS,
      createdAt: AT,
      updatedAt: AT,
    });
    expect(await partners.findByName('Northwind')).toEqual(created);
  });

  it('keeps the MPN id and reseller tenant of an indirect partner, and its settings over the defaults', async () => {
    const partners = new InMemoryPartnerRepository();

    const created = await new CreatePartner(partners).execute({
      name: 'Fabrikam Reseller',
      channel: 'indirect',
      mpnId: '5357564',
      resellerTenantId: 'reseller-tenant',
      settings: { customerSelfOrdering: true },
    });

    expect(created).toMatchObject({ channel: 'indirect', mpnId: '5357564', resellerTenantId: 'reseller-tenant' });
    expect(created.settings).toEqual({ ...DEFAULT_PARTNER_SETTINGS, customerSelfOrdering: true });
  });
});

describe('UpdatePartnerSettings', () => {
  const existing = aPartner({ id: 'partner-1', settings: { ...DEFAULT_PARTNER_SETTINGS, gdapSecurityGroups: ['group-a'] } });

  it('merges the change into the stored settings', async () => {
    const partners = new InMemoryPartnerRepository(existing);

    const change = await new UpdatePartnerSettings(partners, () => AT).execute('partner-1', {
      customerMcaAttestation: true,
      gdapDuration: 'P1Y',
    });

    expect(change).toEqual({
      settings: { ...existing.settings, customerMcaAttestation: true, gdapDuration: 'P1Y' },
      gdapRolesChanged: false,
    });
    expect(await partners.findById('partner-1')).toEqual({ ...existing, settings: change.settings, updatedAt: AT });
  });

  it('asks for a GDAP re-check when the required roles change, but not when only their order does', async () => {
    const partners = new InMemoryPartnerRepository(existing);
    const update = new UpdatePartnerSettings(partners);

    expect((await update.execute('partner-1', { gdapRoles: [...existing.settings.gdapRoles].reverse() })).gdapRolesChanged).toBe(false);
    expect((await update.execute('partner-1', { gdapRoles: [DEFAULT_GDAP_ROLES.directoryReaders] })).gdapRolesChanged).toBe(true);
  });

  it('asks for a GDAP re-check when the security groups change (new groups need their access assignments)', async () => {
    const partners = new InMemoryPartnerRepository(existing);

    expect(
      (await new UpdatePartnerSettings(partners).execute('partner-1', { gdapSecurityGroups: ['group-a', 'group-b'] })).gdapRolesChanged,
    ).toBe(true);
  });

  it('refuses an unknown partner and stores nothing', async () => {
    const partners = new InMemoryPartnerRepository(existing);

    await expect(new UpdatePartnerSettings(partners).execute('partner-404', { customerSelfOrdering: true })).rejects.toBeInstanceOf(
      PartnerNotFoundError,
    );
    expect(await partners.list()).toEqual([existing]);
  });
});
