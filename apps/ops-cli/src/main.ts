import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { API_KEY_SCOPES, CreateCustomer, CreateCustomerApiKey, CreatePartner, IssueApiKey, ManageApiKeys } from '@nce/accounts';
import { ConfigError, loadConfig } from '@nce/config';
import { SqlAuditLog, ensureDatabaseExists, runMigrations } from '@nce/persistence';
import { type DemoCredentials, seedDemo } from './commands/seed-demo.command';
import { syncCatalog } from './commands/sync-catalog.command';
import { connectPartnerCenter, partnerCenterStatus } from './commands/connect-partner-center.command';
import { openOpsContext } from './ops-context';

const USAGE = `usage: npm run ops -- <command> [options]
  migrate                                   create the database if missing and apply migrations
  sync-catalog                              pull the NCE catalog from Partner Center into MySQL
  seed-demo [--previous FILE]               idempotent demo partners, customers and keys (prints JSON)
  create-partner --name N --channel direct|indirect [--mpn-id ID --reseller-tenant-id ID]
  issue-key --role operator|partner [--partner-id ID] [--label L] [--scope dashboard:write]
  revoke-key --id KEY_ID                    revoke an API key (effective on the next request, every process; audited)
  list-keys [--partner-id ID]               keys (prefix, role, owner, created, created by, last used, expiry, revoked)
  create-customer --partner-id ID --name N [--with-key]
  connect-partner-center                    partner admin consent by device code; stores the App+User refresh token
  partner-center-status                     the stored token's age, the authentication breaker, the last App+User call`;

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      channel: { type: 'string' },
      'mpn-id': { type: 'string' },
      'reseller-tenant-id': { type: 'string' },
      role: { type: 'string' },
      'partner-id': { type: 'string' },
      label: { type: 'string' },
      previous: { type: 'string' },
      'with-key': { type: 'boolean' },
      id: { type: 'string' },
      scope: { type: 'string', multiple: true },
    },
  });
  const command = positionals[0];
  if (!command) throw new UsageError('no command given');
  const config = loadConfig();
  if (command === 'migrate') await ensureDatabaseExists(config.database);
  const context = await openOpsContext(config);
  try {
    switch (command) {
      case 'migrate': {
        const applied = await runMigrations(context.dataSource);
        process.stdout.write(applied.length === 0 ? 'migrations: up to date\n' : `migrations applied: ${applied.join(', ')}\n`);
        return;
      }
      case 'sync-catalog':
        print(await syncCatalog(context));
        return;
      case 'seed-demo': {
        let previous: Partial<DemoCredentials> | null = null;
        try {
          previous = values.previous ? (JSON.parse(readFileSync(values.previous, 'utf8')) as Partial<DemoCredentials>) : null;
        } catch {
          previous = null;
        }
        print(await seedDemo(context, previous));
        return;
      }
      case 'connect-partner-center':
        print(await connectPartnerCenter(context, (line) => process.stderr.write(`${line}\n`)));
        return;
      case 'partner-center-status':
        print(await partnerCenterStatus(context));
        return;
      case 'create-partner': {
        if (!values.name || (values.channel !== 'direct' && values.channel !== 'indirect')) throw new UsageError('create-partner needs --name and --channel direct|indirect');
        if (values.channel === 'indirect' && (!values['mpn-id'] || !values['reseller-tenant-id'])) throw new UsageError('an indirect partner needs --mpn-id and --reseller-tenant-id');
        print(await new CreatePartner(context.partners).execute({ name: values.name, channel: values.channel, mpnId: values['mpn-id'], resellerTenantId: values['reseller-tenant-id'] }));
        return;
      }
      case 'issue-key': {
        if (values.role !== 'operator' && values.role !== 'partner') throw new UsageError('issue-key needs --role operator|partner');
        if (values.role === 'partner' && !(values['partner-id'] && (await context.partners.findById(values['partner-id'])))) throw new UsageError('--partner-id must name an existing partner');
        const scopes = values.scope ?? [];
        for (const scope of scopes) if (!(API_KEY_SCOPES as readonly string[]).includes(scope)) throw new UsageError(`unknown scope "${scope}" (known: ${API_KEY_SCOPES.join(', ')})`);
        if (scopes.length > 0 && values.role !== 'operator') throw new UsageError('--scope applies to operator keys');
        print(await new IssueApiKey(context.apiKeys, undefined, new SqlAuditLog(context.unitOfWork.executor)).execute({ role: values.role, partnerId: values['partner-id'], label: values.label, scopes }));
        return;
      }
      case 'revoke-key': {
        if (!values.id) throw new UsageError('revoke-key needs --id');
        const revoked = await new ManageApiKeys(context.apiKeys, new SqlAuditLog(context.unitOfWork.executor)).revoke('ops-cli', values.id);
        print({ id: revoked.id, prefix: revoked.prefix, role: revoked.role, revokedAt: revoked.revokedAt });
        return;
      }
      case 'list-keys': {
        const keys = await context.apiKeys.list({ partnerId: values['partner-id'] ?? null, limit: 1_000 });
        print(keys.map((key) => ({ id: key.id, prefix: key.prefix, role: key.role, partnerId: key.partnerId, customerId: key.customerId, label: key.label, scopes: key.scopes, createdAt: key.createdAt, createdBy: key.createdBy, lastUsedAt: key.lastUsedAt, expiresAt: key.expiresAt, revokedAt: key.revokedAt })));
        return;
      }
      case 'create-customer': {
        if (!values['partner-id'] || !values.name) throw new UsageError('create-customer needs --partner-id and --name');
        if (!(await context.partners.findById(values['partner-id']))) throw new UsageError('--partner-id must name an existing partner');
        const customer = await new CreateCustomer(context.customers).execute({ partnerId: values['partner-id'], name: values.name });
        const key = values['with-key'] ? await new CreateCustomerApiKey(context.customers, context.apiKeys, undefined, new SqlAuditLog(context.unitOfWork.executor)).execute({ customerId: customer.id }) : undefined;
        print({ ...customer, ...(key ? { apiKey: key.apiKey } : {}) });
        return;
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } finally {
    await context.dataSource.destroy();
  }
}

class UsageError extends Error {}

main().catch((error: unknown) => {
  if (error instanceof UsageError) process.stderr.write(`${error.message}\n${USAGE}\n`);
  else if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
