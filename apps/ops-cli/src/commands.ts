import { readFileSync } from 'node:fs';
import {
  API_KEY_SCOPES,
  CreateCustomer,
  CreateCustomerApiKey,
  CreatePartner,
  IssueApiKey,
  ManageApiKeys,
  type Partner,
  UpdatePartnerSettings,
} from '@nce/accounts';
import { claimQueuePrefix, createRedis } from '@nce/messaging';
import { SqlAuditLog, ensureDatabaseExists, readInstallation, runMigrations } from '@nce/persistence';
import { type OpsCommand, UsageError, optionalBoolean, requireString } from './command-registry';
import { connectPartnerCenter, partnerCenterStatus } from './commands/connect-partner-center.command';
import { type DemoCredentials, seedDemo } from './commands/seed-demo.command';
import { syncCatalog } from './commands/sync-catalog.command';
import { syncSubscriptions } from './commands/sync-subscriptions.command';

const selfOrderingHint = (partner: Pick<Partner, 'id' | 'settings'>): string[] =>
  partner.settings.customerSelfOrdering
    ? []
    : [
        `note: customer self-ordering is off for partner ${partner.id} (the default): a customer key can read, but its orders are refused with 403.`,
        `      enable it: npm run ops -- set-partner-settings --partner-id ${partner.id} --customer-self-ordering true`,
        '      (or the partner itself: PUT /v1/partner/settings {"customerSelfOrdering": true})',
      ];

/** Every command of the CLI, in the order `--help` lists them; a new command is one entry. */
export const COMMANDS: OpsCommand[] = [
  {
    name: 'migrate',
    summary: 'create the database if missing, apply migrations, claim the queue prefix for this database',
    prepare: (config) => ensureDatabaseExists(config.database),
    run: async (context) => {
      const applied = await runMigrations(context.dataSource);
      const redis = createRedis(context.config.redis, { maxRetriesPerRequest: 1 });
      redis.on('error', () => undefined);
      try {
        await claimQueuePrefix(
          redis,
          context.config.redis.queuePrefix,
          await readInstallation(context.unitOfWork.executor, context.config.database.primary),
        );
      } finally {
        redis.disconnect();
      }
      return applied.length === 0 ? 'migrations: up to date' : `migrations applied: ${applied.join(', ')}`;
    },
  },
  { name: 'sync-catalog', summary: 'pull the NCE catalog from Partner Center into MySQL', run: (context) => syncCatalog(context) },
  {
    name: 'sync-subscriptions',
    summary: 'refresh our copy of subscriptions (windows, auto-renew, status) from Partner Center (prints JSON)',
    options: { customer: { type: 'string', description: 'only this customer id (default: every customer with subscriptions)' } },
    run: (context, values) => syncSubscriptions(context, typeof values.customer === 'string' ? values.customer : undefined),
  },
  {
    name: 'seed-demo',
    summary: 'idempotent demo partners, customers and keys (prints JSON)',
    options: { previous: { type: 'string', description: 'credentials file of an earlier run: its keys are kept when still valid' } },
    run: (context, values) => {
      let previous: Partial<DemoCredentials> | null = null;
      try {
        previous =
          typeof values.previous === 'string' ? (JSON.parse(readFileSync(values.previous, 'utf8')) as Partial<DemoCredentials>) : null;
      } catch {
        previous = null;
      }
      return seedDemo(context, previous);
    },
  },
  {
    name: 'create-partner',
    summary: 'create a direct or indirect partner (prints JSON with its id)',
    options: {
      name: { type: 'string', description: 'display name' },
      channel: { type: 'string', description: 'direct | indirect' },
      'mpn-id': { type: 'string', description: 'indirect: the reseller MPN id' },
      'reseller-tenant-id': { type: 'string', description: 'indirect: the reseller tenant id' },
      'customer-self-ordering': { type: 'string', description: 'true | false (default false)' },
    },
    run: (context, values) => {
      const name = requireString(values, 'name', 'create-partner');
      const channel = values.channel;
      if (channel !== 'direct' && channel !== 'indirect') throw new UsageError('create-partner needs --channel direct|indirect');
      if (channel === 'indirect' && (!values['mpn-id'] || !values['reseller-tenant-id']))
        throw new UsageError('an indirect partner needs --mpn-id and --reseller-tenant-id');
      const selfOrdering = optionalBoolean(values, 'customer-self-ordering');
      return new CreatePartner(context.partners).execute({
        name,
        channel,
        mpnId: values['mpn-id'] as string | undefined,
        resellerTenantId: values['reseller-tenant-id'] as string | undefined,
        settings: selfOrdering === undefined ? undefined : { customerSelfOrdering: selfOrdering },
      });
    },
    next: (result) => {
      const partner = result as Partner;
      return [
        `next: npm run ops -- issue-key --role partner --partner-id ${partner.id}`,
        `      npm run ops -- create-customer --partner-id ${partner.id} --name "…" --with-key`,
        ...selfOrderingHint(partner),
      ];
    },
  },
  {
    name: 'issue-key',
    summary: 'issue an operator or partner API key (shown once; audited)',
    options: {
      role: { type: 'string', description: 'operator | partner' },
      'partner-id': { type: 'string', description: 'partner keys: the partner' },
      label: { type: 'string', description: 'free text shown in key listings' },
      scope: { type: 'string', description: `operator keys: comma-separated scopes (${API_KEY_SCOPES.join(', ')})` },
    },
    run: async (context, values) => {
      if (values.role !== 'operator' && values.role !== 'partner') throw new UsageError('issue-key needs --role operator|partner');
      const partnerId = values['partner-id'] as string | undefined;
      if (values.role === 'partner' && !(partnerId && (await context.partners.findById(partnerId))))
        throw new UsageError('--partner-id must name an existing partner');
      const scopes =
        typeof values.scope === 'string'
          ? values.scope
              .split(',')
              .map((scope) => scope.trim())
              .filter((scope) => scope !== '')
          : [];
      for (const scope of scopes)
        if (!(API_KEY_SCOPES as readonly string[]).includes(scope))
          throw new UsageError(`unknown scope "${scope}" (known: ${API_KEY_SCOPES.join(', ')})`);
      if (scopes.length > 0 && values.role !== 'operator') throw new UsageError('--scope applies to operator keys');
      return new IssueApiKey(context.apiKeys, undefined, new SqlAuditLog(context.unitOfWork.executor)).execute({
        role: values.role,
        partnerId,
        label: values.label as string | undefined,
        scopes,
      });
    },
  },
  {
    name: 'revoke-key',
    summary: 'revoke an API key (effective on the next request, in every process; audited)',
    options: { id: { type: 'string', description: 'the key id (npm run ops -- list-keys)' } },
    run: async (context, values) => {
      const id = requireString(values, 'id', 'revoke-key');
      const revoked = await new ManageApiKeys(context.apiKeys, new SqlAuditLog(context.unitOfWork.executor)).revoke('ops-cli', id);
      return { id: revoked.id, prefix: revoked.prefix, role: revoked.role, revokedAt: revoked.revokedAt };
    },
  },
  {
    name: 'list-keys',
    summary: 'API keys: prefix, role, owner, created, created by, last used, expiry, revoked (never the key)',
    options: { 'partner-id': { type: 'string', description: "only this partner's keys (its customers' too)" } },
    run: async (context, values) => {
      const keys = await context.apiKeys.list({ partnerId: (values['partner-id'] as string | undefined) ?? null, limit: 1_000 });
      return keys.map((key) => ({
        id: key.id,
        prefix: key.prefix,
        role: key.role,
        partnerId: key.partnerId,
        customerId: key.customerId,
        label: key.label,
        scopes: key.scopes,
        createdAt: key.createdAt,
        createdBy: key.createdBy,
        lastUsedAt: key.lastUsedAt,
        expiresAt: key.expiresAt,
        revokedAt: key.revokedAt,
      }));
    },
  },
  {
    name: 'create-customer',
    summary: "create a partner's customer, optionally with a customer API key",
    options: {
      'partner-id': { type: 'string', description: 'the owning partner' },
      name: { type: 'string', description: 'display name' },
      'with-key': { type: 'boolean', description: 'also issue a customer key (shown once)' },
    },
    run: async (context, values) => {
      const partnerId = requireString(values, 'partner-id', 'create-customer');
      const name = requireString(values, 'name', 'create-customer');
      const partner = await context.partners.findById(partnerId);
      if (!partner) throw new UsageError('--partner-id must name an existing partner');
      const customer = await new CreateCustomer(context.customers).execute({ partnerId, name });
      const key = values['with-key']
        ? await new CreateCustomerApiKey(
            context.customers,
            context.apiKeys,
            undefined,
            new SqlAuditLog(context.unitOfWork.executor),
          ).execute({ customerId: customer.id })
        : undefined;
      return { ...customer, ...(key ? { apiKey: key.apiKey } : {}), partnerSettings: partner.settings };
    },
    next: (result) => {
      const customer = result as { partnerId: string; partnerSettings: Partner['settings'] };
      return selfOrderingHint({ id: customer.partnerId, settings: customer.partnerSettings });
    },
  },
  {
    name: 'set-partner-settings',
    summary: "change a partner's settings (customer self-ordering, customer MCA attestation)",
    options: {
      'partner-id': { type: 'string', description: 'the partner' },
      'customer-self-ordering': { type: 'string', description: 'true | false' },
      'customer-mca-attestation': { type: 'string', description: 'true | false' },
    },
    run: async (context, values) => {
      const partnerId = requireString(values, 'partner-id', 'set-partner-settings');
      const patch = {
        customerSelfOrdering: optionalBoolean(values, 'customer-self-ordering'),
        customerMcaAttestation: optionalBoolean(values, 'customer-mca-attestation'),
      };
      const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
      if (Object.keys(defined).length === 0)
        throw new UsageError('set-partner-settings needs --customer-self-ordering and/or --customer-mca-attestation');
      if (!(await context.partners.findById(partnerId))) throw new UsageError('--partner-id must name an existing partner');
      return (await new UpdatePartnerSettings(context.partners).execute(partnerId, defined)).settings;
    },
  },
  {
    name: 'connect-partner-center',
    summary: 'partner admin consent by device code; stores the App+User refresh token (docs/partner-center-setup.md)',
    run: (context) => connectPartnerCenter(context, (line) => process.stderr.write(`${line}\n`)),
  },
  {
    name: 'partner-center-status',
    summary: "the stored refresh token's age, the authentication breaker, the last App+User call",
    run: (context) => partnerCenterStatus(context),
  },
];
