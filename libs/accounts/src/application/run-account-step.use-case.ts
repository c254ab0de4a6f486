import { randomUUID } from 'node:crypto';
import { JOB_NAMES, gdapCheckJobId } from '@nce/contracts';
import type { OutboxCommand } from '@nce/messaging';
import {
  type AccountProgress,
  type NewAccount,
  type Order,
  type StepContext,
  type StepHandler,
  type StepOutcome,
  recheckDelay,
} from '@nce/orders';
import { PC_ERROR, isPartnerCenterError } from '@nce/partner-center';
import type { CustomerRepository, PartnerRepository } from './accounts.ports';
import type { AccountsPartnerCenter, AdminCredentialStore } from './step-ports';

export interface AccountStepSettings {
  partnerTenantId: string;
  recheckBaseMs: number;
  recheckMaxMs: number;
}

const BLOCKING_VALIDATION = new Set(['UnderReview', 'NotAllowed', 'Unknown']);
/** A just-created tenant answering 404 is asked again this many times (back-off from 1 s) before it counts as an error. */
const NEW_TENANT_READ_CHECKS = 12;
const NEW_TENANT_READ_BASE_MS = 1_000;

/**
 * The account step (DESIGN.md section 3.1): find or create the customer tenant, verify the reseller
 * relationship, check transaction readiness, and link the tenant to our customer.
 */
type Outcome = StepOutcome<AccountProgress>;
type Context = StepContext<AccountProgress>;

export class RunAccountStep implements StepHandler<'account'> {
  readonly step = 'account' as const;

  constructor(
    private readonly partnerCenter: AccountsPartnerCenter,
    private readonly customers: CustomerRepository,
    private readonly partners: PartnerRepository,
    private readonly credentials: AdminCredentialStore,
    private readonly settings: AccountStepSettings,
  ) {}

  async run(order: Order, context: Context): Promise<Outcome> {
    const call = { correlationId: context.correlationId };
    let tenantId = order.progress.customerTenantId ?? null;
    const commands: OutboxCommand[] = [];
    // A tenant this order created gets its GDAP check when the step is done, also after a re-check.
    let created = order.progress.tenantCreated === true;
    if (!tenantId) {
      const found =
        order.account.type === 'existing'
          ? await this.existingTenant(order, context)
          : await this.createTenant(order, order.account, context);
      if ('kind' in found) return found;
      tenantId = found.tenantId;
      created = found.created;
      const linked = await this.customers.linkTenant(order.customerId, { id: tenantId, domain: order.account.domain }, new Date());
      if (linked.id !== tenantId) {
        return {
          kind: 'fail',
          code: 'CUSTOMER_LINKED_TO_OTHER_TENANT',
          message: `The customer is already linked to ${linked.domain}`,
          howToFix: 'Order with the Microsoft account the customer is linked to',
        };
      }
      // The tenant id travels with this run's outcome (no commit of its own): a run that ends before
      // it commits finds the tenant again (by domain, or by replaying the create's MS-RequestId).
    }

    let validation: Awaited<ReturnType<AccountsPartnerCenter['getValidationStatus']>>;
    try {
      validation = await this.partnerCenter.getValidationStatus(tenantId, call);
    } catch (error) {
      // Microsoft makes a new customer readable only some seconds after creating it: a 404 then is transient.
      const unreadable = order.progress.unreadableChecks ?? 0;
      if (!created || !isPartnerCenterError(error) || error.httpStatus !== 404 || unreadable >= NEW_TENANT_READ_CHECKS) throw error;
      return {
        kind: 'poll',
        retryInMs: recheckDelay(unreadable, { recheckBaseMs: NEW_TENANT_READ_BASE_MS, recheckMaxMs: this.settings.recheckMaxMs }),
        progress: { customerTenantId: tenantId, tenantCreated: true, unreadableChecks: unreadable + 1 },
      };
    }
    if (validation.status !== null && BLOCKING_VALIDATION.has(validation.status)) {
      const checks = order.progress.validationChecks ?? 0;
      return {
        kind: 'delay',
        reason: `account_${validation.status === 'UnderReview' ? 'under_review' : validation.status === 'NotAllowed' ? 'not_allowed' : 'status_unknown'}`,
        retryInMs: recheckDelay(checks, this.settings),
        progress: { customerTenantId: tenantId, validationChecks: checks + 1, ...(created ? { tenantCreated: true } : {}) },
      };
    }
    if (created) {
      // Roles beyond Microsoft's default GDAP relationship are requested before the purchase.
      commands.push({
        name: JOB_NAMES.gdapCheck,
        jobId: gdapCheckJobId(order.customerId, { reason: 'new_tenant', tenantId }),
        data: { customerId: order.customerId, reason: 'new_tenant', correlationId: order.id, orderId: order.id },
      });
    }
    return { kind: 'done', progress: { customerTenantId: tenantId }, account: { customerTenantId: tenantId }, commands };
  }

  private async existingTenant(order: Order, context: Context): Promise<{ tenantId: string; created: false } | Outcome> {
    const call = { correlationId: context.correlationId };
    const customer = await this.partnerCenter.findCustomerByDomain(order.account.domain, call);
    if (customer && customer.relationshipToPartner !== 'none') return { tenantId: customer.id, created: false };
    const partner = await this.partners.findById(order.partnerId);
    const url = await this.partnerCenter.getRelationshipRequestUrl(
      partner?.channel === 'indirect' && partner.resellerTenantId
        ? { indirectResellerId: partner.resellerTenantId, indirectCloudSolutionProviderId: this.settings.partnerTenantId }
        : {},
      call,
    );
    const checks = order.progress.relationshipChecks ?? 0;
    return {
      kind: 'action',
      action: {
        type: 'relationship_acceptance',
        message: `The Microsoft account ${order.account.domain} has not accepted the partner relationship yet. A global admin of that account must open the link and accept the invitation; the order continues by itself once it is accepted (or post /resume).`,
        url,
      },
      recheckInMs: recheckDelay(checks, this.settings),
      progress: { relationshipChecks: checks + 1 },
    };
  }

  private async createTenant(
    order: Order,
    account: NewAccount,
    context: Context,
  ): Promise<{ tenantId: string; created: boolean } | Outcome> {
    const call = { correlationId: context.correlationId };
    let requestId = order.progress.createCustomerRequestId ?? null;
    if (!(await this.partnerCenter.isDomainAvailable(account.domain, call))) {
      // Taken: ours if an earlier attempt of this order created it (its outcome unknown to us). Never
      // create again: replay the same MS-RequestId (Partner Center returns the stored response with
      // the admin credentials), else adopt the tenant found among our customers.
      if (requestId) {
        const replayed = await this.replayCreate(order, account, requestId, context).catch(() => null);
        if (replayed) return replayed;
      }
      const ours = requestId ? await this.partnerCenter.findCustomerByDomain(account.domain, call) : null;
      if (ours) return { tenantId: ours.id, created: true };
      return {
        kind: 'fail',
        code: 'DOMAIN_TAKEN',
        message: `The domain ${account.domain} is already used by another Microsoft tenant`,
        howToFix: 'Choose another domain prefix, or order with the existing account if it belongs to the customer',
      };
    }
    if (!requestId) {
      // Recorded before sending, so a retry after a timeout reuses it (Partner Center replays the create).
      requestId = randomUUID();
      await context.saveProgress({ progress: { createCustomerRequestId: requestId } });
    }
    try {
      return await this.replayCreate(order, account, requestId, context);
    } catch (error) {
      if (isPartnerCenterError(error, PC_ERROR.customerCreationFailed)) {
        // Microsoft may have started building the tenant: the domain can stay taken, so this order cannot use it.
        return {
          kind: 'fail',
          code: 'CHOOSE_ANOTHER_DOMAIN',
          message: `Microsoft could not create the account ${account.domain} (${error.description}); the domain may now be reserved`,
          howToFix: 'Choose another domain prefix (and a notification e-mail outside the new domain), then submit a new order',
        };
      }
      for (const code of [
        PC_ERROR.registrationNumberMissing,
        PC_ERROR.registrationNumberInvalid,
        PC_ERROR.registrationNumberNotSupported,
        PC_ERROR.phoneNumberMissing,
      ]) {
        if (isPartnerCenterError(error, code)) {
          return {
            kind: 'fail',
            code: `ACCOUNT_DATA_REJECTED_${code}`,
            message: error.description,
            howToFix: 'Correct the company data (tax id, address, phone) and submit a new order',
          };
        }
      }
      throw error;
    }
  }

  /** POST /v1/customers with the order's MS-RequestId; stores the one-time admin credentials encrypted. */
  private async replayCreate(
    order: Order,
    account: NewAccount,
    requestId: string,
    context: Context,
  ): Promise<{ tenantId: string; created: true }> {
    const partner = await this.partners.findById(order.partnerId);
    const created = await this.partnerCenter.createCustomer(
      {
        enableGDAPByDefault: true,
        companyProfile: {
          domain: account.domain,
          companyName: account.companyName,
          organizationRegistrationNumber: account.organizationRegistrationNumber,
        },
        billingProfile: {
          email: account.contact.email,
          culture: 'en-US',
          language: 'en',
          companyName: account.companyName,
          firstName: account.contact.firstName,
          lastName: account.contact.lastName,
          defaultAddress: {
            ...account.address,
            firstName: account.contact.firstName,
            lastName: account.contact.lastName,
            phoneNumber: account.contact.phoneNumber,
          },
        },
        ...(partner?.channel === 'indirect' && partner.resellerTenantId ? { associatedPartnerId: partner.resellerTenantId } : {}),
      },
      { requestId, correlationId: context.correlationId },
    );
    // A replayed create may come back without userCredentials (shown once): the tenant is still ours.
    const credentials = created.userCredentials as Partial<typeof created.userCredentials> | undefined;
    if (credentials?.userName && credentials.password) {
      const userName = credentials.userName.includes('@') ? credentials.userName : `${credentials.userName}@${account.domain}`;
      await this.credentials.save({
        orderId: order.id,
        customerId: order.customerId,
        tenantId: created.id,
        userName,
        password: credentials.password,
      });
    }
    return { tenantId: created.id, created: true };
  }
}
