import { asRecord, normaliseEnum, optionalBoolean, optionalNumber, optionalString } from '../http/casing';
import { SimulatedApiError } from '../http/error-body';
import type { SimContext } from '../sim-context';
import { BILLING_CYCLES, type CartLineItem, PARTICIPANT_KEYS, type Participant, TERM_DURATIONS } from '../state/commerce.model';
import { currencyOf } from '../state/country-rules';
import type { Tenant } from '../state/tenant.model';

function invalidCart(message: string): SimulatedApiError {
  return new SimulatedApiError(400, 800002, `Invalid request input: ${message}`, { isRetryable: false });
}

function readParticipants(value: unknown, index: number): Participant[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidCart(`lineItems[${index}].participants must be an array.`);
  const participants = value.map((entry) => {
    const record = asRecord(entry);
    const key = normaliseEnum(record.key, PARTICIPANT_KEYS);
    const participantValue = optionalString(record, 'value');
    if (key === undefined || participantValue === undefined)
      throw invalidCart(`lineItems[${index}].participants entries need a key (${PARTICIPANT_KEYS.join(', ')}) and a value.`);
    return { key, value: participantValue };
  });
  if (participants.filter((participant) => participant.key === 'additional_transaction_reseller').length > 5) {
    throw invalidCart(`lineItems[${index}] allows at most 5 additional_transaction_reseller participants.`);
  }
  return participants;
}

function readProvisioningContext(value: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, inner] of Object.entries(asRecord(value))) if (typeof inner === 'string') result[key] = inner;
  return result;
}

/**
 * Parses cart line items. Malformed input fails the request (800002); a catalog problem is reported on
 * the line (`error`) as Partner Center does, and makes checkout fail with 800009.
 */
export function readCartLines(context: SimContext, tenant: Tenant, value: unknown): CartLineItem[] {
  if (!Array.isArray(value) || value.length === 0) throw invalidCart('lineItems must be a non-empty array.');
  const currency = currencyOf(tenant.billingProfile.defaultAddress.country).code;
  const groups = new Map<string, string>();
  return value.map((entry, index) => {
    const record = asRecord(entry);
    const catalogItemId = optionalString(record, 'catalogItemId');
    if (catalogItemId === undefined) throw invalidCart(`lineItems[${index}].catalogItemId is required.`);
    const quantity = optionalNumber(record, 'quantity');
    if (quantity === undefined || !Number.isInteger(quantity)) throw invalidCart(`lineItems[${index}].quantity must be an integer.`);
    const billingCycle = normaliseEnum(record.billingCycle, BILLING_CYCLES);
    if (billingCycle === undefined) throw invalidCart(`lineItems[${index}].billingCycle must be one of ${BILLING_CYCLES.join(', ')}.`);
    const termDuration = normaliseEnum(record.termDuration, TERM_DURATIONS);
    if (termDuration === undefined) throw invalidCart(`lineItems[${index}].termDuration must be one of ${TERM_DURATIONS.join(', ')}.`);
    const renewsToTerm = normaliseEnum(asRecord(record.renewsTo).termDuration, TERM_DURATIONS);
    if (!groups.has(billingCycle)) groups.set(billingCycle, String(groups.size));
    const line: CartLineItem = {
      id: index,
      catalogItemId,
      friendlyName: optionalString(record, 'friendlyName'),
      quantity,
      currencyCode: optionalString(record, 'currencyCode')?.toUpperCase() ?? currency,
      billingCycle,
      termDuration,
      promotionId: optionalString(record, 'promotionId'),
      participants: readParticipants(record.participants, index),
      provisioningContext: readProvisioningContext(record.provisioningContext),
      // One order per billing cycle: Order carries a single billingCycle.
      orderGroup: groups.get(billingCycle) ?? '0',
      renewsTo: renewsToTerm === undefined ? undefined : { termDuration: renewsToTerm },
      customTermEndDate: optionalString(record, 'customTermEndDate'),
      attestationAccepted: optionalBoolean(record, 'attestationAccepted'),
    };
    const item = context.state.catalog.item(catalogItemId);
    if (item === undefined || !context.state.catalog.isPurchasable(catalogItemId)) {
      line.error = { errorCode: 'CatalogItemIdIsNotValid', errorDescription: `The catalog item id ${catalogItemId} is not valid.` };
    } else if (!item.availability.terms.some((term) => term.duration === termDuration && term.billingCycle === billingCycle)) {
      line.error = {
        errorCode: 'BillingPlanNotSupported',
        errorDescription: `Billing cycle ${billingCycle} with term ${termDuration} is not supported for ${catalogItemId}.`,
      };
    } else if (line.currencyCode !== currency) {
      line.error = {
        errorCode: 'CurrencyIsNotSupported',
        errorDescription: `Currency ${line.currencyCode} is not supported for the customer's country.`,
      };
    } else if (line.promotionId !== undefined) {
      // The simulator runs no promotions: every promotion id is invalid.
      line.error = { errorCode: 'InvalidPromotionId', errorDescription: `The promotion ${line.promotionId} is not valid.` };
    }
    if (item !== undefined) line.catalogItemId = item.catalogItemId;
    return line;
  });
}
