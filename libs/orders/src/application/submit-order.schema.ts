import { z } from 'zod';
import type { FieldError } from '../domain/intake-rules';
import { NAME_CHARACTERS_MESSAGE, isPlainName } from '../domain/text-rules';

const name = z.string().trim().min(1).max(100).refine(isPlainName, NAME_CHARACTERS_MESSAGE);
const signatory = z.strictObject({
  firstName: name,
  lastName: name,
  email: z.email().max(254),
  phoneNumber: z.string().regex(/^\+?[0-9 ()-]{5,25}$/, 'Expected a phone number such as +1 425 555 0100'),
});

const item = z.strictObject({
  catalogItemId: z.string().min(1).max(100),
  quantity: z.number().int('Expected a whole number'),
  termDuration: z.enum(['P1M', 'P1Y', 'P3Y']),
  billingCycle: z.enum(['monthly', 'annual', 'triennial']),
});

const existingAccount = z.strictObject({
  type: z.literal('existing'),
  domain: z.string().min(1).max(255),
  relationshipConfirmed: z.boolean(),
});

const newAccount = z.strictObject({
  type: z.literal('new'),
  domainPrefix: z.string().min(1).max(100),
  companyName: z.string().trim().min(2).max(200).refine(isPlainName, NAME_CHARACTERS_MESSAGE),
  contact: signatory,
  address: z.strictObject({
    addressLine1: z.string().trim().min(1).max(200),
    addressLine2: z.string().trim().max(200).optional(),
    city: z.string().trim().min(1).max(100),
    state: z.string().trim().max(100).optional(),
    postalCode: z.string().trim().min(1).max(20),
    country: z.string().regex(/^[A-Z]{2}$/, 'Expected an ISO 3166-1 alpha-2 country code such as US'),
  }),
  organizationRegistrationNumber: z.string().trim().min(1).max(50).optional(),
});

/** The body of POST /v1/orders (DESIGN.md section 9): strict, no coercion ("5" is not a quantity). */
export const submitOrderSchema = z.strictObject({
  customerId: z.uuid(),
  items: z.array(item).min(1, 'An order has 1 to 10 items').max(10, 'An order has 1 to 10 items'),
  account: z.discriminatedUnion('type', [existingAccount, newAccount]),
  attestations: z.strictObject({ partnerOfRecord: z.boolean().optional(), offer: z.boolean().optional() }).optional(),
  mca: z.strictObject({ signatory: signatory.nullable().optional() }).optional(),
  qualification: z
    .strictObject({ stateOwnedEntity: z.boolean().optional(), educationSegment: z.enum(['K12', 'HigherEducation']).nullable().optional() })
    .optional(),
  termsAccepted: z.boolean(),
  reference: z.string().trim().min(1).max(64).optional(),
  priority: z
    .enum(['interactive', 'bulk'])
    .optional()
    .describe(
      'interactive (default) or bulk: bulk orders and re-checks of parked orders yield Partner Center capacity to interactive ones',
    ),
});

export type SubmitOrderBody = z.infer<typeof submitOrderSchema>;

export const mcaAttestationSchema = z.strictObject({ signatory });
export type McaAttestationBody = z.infer<typeof mcaAttestationSchema>;

/** `items.0.quantity` → `items[0].quantity`, the form of every field error we return. */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>(
    (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc === '' ? String(part) : `${acc}.${String(part)}`),
    '',
  );
}

export function zodFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const base = fieldPath(issue.path);
      return {
        field: base === '' ? issue.keys.join(', ') : `${base}.${issue.keys.join(', ')}`,
        message: `Unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`,
      };
    }
    return { field: fieldPath(issue.path) || '(body)', message: issue.message };
  });
}
