import { GLOBAL_ADMINISTRATOR_ROLE, assignAccess, autoExtensionFor } from './gdap-access.use-case';
import type { GdapPartnerCenter } from './gdap.ports';

const USER_ADMIN = 'fe930be7-5e62-47db-91af-98c3a49a38b1';
const READERS = '88d8e3e3-8f55-4a1e-953a-9b9898b8876b';
const GROUP = 'a1b2c3d4-0000-4000-8000-000000000001';
const OTHER_GROUP = 'a1b2c3d4-0000-4000-8000-000000000002';

function fakePartnerCenter(existing: Record<string, string[]>): {
  api: GdapPartnerCenter;
  created: { relationshipId: string; group: string; roles: string[] }[];
} {
  const created: { relationshipId: string; group: string; roles: string[] }[] = [];
  const api = {
    listAccessAssignments: async (relationshipId: string) =>
      (existing[relationshipId] ?? []).map((group) => ({
        id: group,
        status: 'active',
        accessContainer: { accessContainerId: group, accessContainerType: 'securityGroup' },
        accessDetails: { unifiedRoles: [] },
      })),
    createAccessAssignment: async (
      relationshipId: string,
      body: { accessContainer: { accessContainerId: string }; accessDetails: { unifiedRoles: { roleDefinitionId: string }[] } },
    ) => {
      created.push({
        relationshipId,
        group: body.accessContainer.accessContainerId,
        roles: body.accessDetails.unifiedRoles.map((role) => role.roleDefinitionId),
      });
      return {} as never;
    },
  } as unknown as GdapPartnerCenter;
  return { api, created };
}

describe('GDAP access', () => {
  it('asks for P180D auto-extension unless Global Administrator is among the roles', () => {
    expect(autoExtensionFor([USER_ADMIN])).toEqual({ autoExtendDuration: 'P180D' });
    expect(autoExtensionFor([USER_ADMIN, GLOBAL_ADMINISTRATOR_ROLE])).toEqual({});
  });

  it('assigns each missing security group the required roles a relationship grants, once', async () => {
    const { api, created } = fakePartnerCenter({ rel1: [GROUP] });
    const relationships = [
      { id: 'rel1', status: 'active', roleIds: [USER_ADMIN, READERS] },
      { id: 'rel2', status: 'approvalPending', roleIds: [USER_ADMIN] },
    ];
    const count = await assignAccess(api, relationships, [USER_ADMIN], [GROUP, OTHER_GROUP], Date.now(), { correlationId: 'c' });
    expect(count).toBe(1);
    expect(created).toEqual([{ relationshipId: 'rel1', group: OTHER_GROUP, roles: [USER_ADMIN] }]);
  });
});
