import type { BillingCycle, TermDuration } from './commerce.model';

// The simulator's NCE catalog. Other parts of the system (tests, demo seeds) read these ids from here;
// the client itself must always discover catalog items through the catalog API.

export type CatalogSegment = 'commercial' | 'education' | 'government' | 'nonprofit';

export interface SeedTerm {
  duration: TermDuration;
  billingCycle: BillingCycle;
  description: string;
}

export interface SeedAvailability {
  id: string;
  segment: CatalogSegment;
  terms: readonly SeedTerm[];
}

export interface SeedSku {
  id: string;
  title: string;
  description: string;
  minimumQuantity: number;
  maximumQuantity: number;
  attestationProperties?: { enforceAttestation: boolean; attestationType: string };
  upgradeTargetOffers: readonly string[];
  availabilities: readonly SeedAvailability[];
}

export interface SeedProduct {
  id: string;
  title: string;
  description: string;
  skus: readonly SeedSku[];
}

const TERM_P1M_MONTHLY: SeedTerm = { duration: 'P1M', billingCycle: 'monthly', description: 'One-Month commitment for monthly billing' };
const TERM_P1Y_MONTHLY: SeedTerm = { duration: 'P1Y', billingCycle: 'monthly', description: 'One-Year commitment for monthly billing' };
const TERM_P1Y_ANNUAL: SeedTerm = { duration: 'P1Y', billingCycle: 'annual', description: 'One-Year commitment for yearly billing' };
const TERM_P3Y_ANNUAL: SeedTerm = { duration: 'P3Y', billingCycle: 'annual', description: 'Three-Year commitment for yearly billing' };
const TERM_P3Y_TRIENNIAL: SeedTerm = {
  duration: 'P3Y',
  billingCycle: 'triennial',
  description: 'Three-Year commitment for triennial billing',
};

const ALL_TERMS = [TERM_P1M_MONTHLY, TERM_P1Y_MONTHLY, TERM_P1Y_ANNUAL, TERM_P3Y_ANNUAL, TERM_P3Y_TRIENNIAL] as const;
const ONE_YEAR_TERMS = [TERM_P1M_MONTHLY, TERM_P1Y_MONTHLY, TERM_P1Y_ANNUAL] as const;

export const CATALOG_SEED: readonly SeedProduct[] = [
  {
    id: 'CFQ7TTC0LH18',
    title: 'Microsoft 365 Business Basic',
    description: 'Best for businesses that need professional email, cloud file storage, and online meetings & chat.',
    skus: [
      {
        id: '0001',
        title: 'Microsoft 365 Business Basic',
        description: 'Microsoft 365 Business Basic',
        minimumQuantity: 1,
        maximumQuantity: 300,
        upgradeTargetOffers: ['CFQ7TTC0LDPB:0001', 'CFQ7TTC0LCHC:0002', 'CFQ7TTC0LF8Q:0001'],
        // The availability id and catalogItemId of Business Basic are Microsoft's documented example.
        availabilities: [{ id: 'CFQ7TTC0K971', segment: 'commercial', terms: ALL_TERMS }],
      },
    ],
  },
  {
    id: 'CFQ7TTC0LDPB',
    title: 'Microsoft 365 Business Standard',
    description: 'Everything in Business Basic, plus desktop versions of Microsoft 365 apps.',
    skus: [
      {
        id: '0001',
        title: 'Microsoft 365 Business Standard',
        description: 'Microsoft 365 Business Standard',
        minimumQuantity: 1,
        maximumQuantity: 300,
        upgradeTargetOffers: ['CFQ7TTC0LCHC:0002', 'CFQ7TTC0LF8Q:0001'],
        // Invented availability id (the real one is not published): distinct per SKU, same shape.
        availabilities: [{ id: 'CFQ7TTC0K5BS', segment: 'commercial', terms: ALL_TERMS }],
      },
    ],
  },
  {
    id: 'CFQ7TTC0LCHC',
    title: 'Microsoft 365 Business Premium',
    description: 'Everything in Business Standard, plus advanced security and device management.',
    skus: [
      {
        id: '0002',
        title: 'Microsoft 365 Business Premium',
        description: 'Microsoft 365 Business Premium',
        minimumQuantity: 1,
        maximumQuantity: 300,
        upgradeTargetOffers: ['CFQ7TTC0LF8Q:0001'],
        // Invented availability id.
        availabilities: [{ id: 'CFQ7TTC0K5PR', segment: 'commercial', terms: ALL_TERMS }],
      },
    ],
  },
  {
    id: 'CFQ7TTC0LF8Q',
    title: 'Office 365 E3',
    description: 'Productivity apps and cloud services for enterprises.',
    skus: [
      {
        id: '0001',
        title: 'Office 365 E3',
        description: 'Office 365 E3',
        // Enterprise plans have no 300-seat cap; the simulator still needs a maximum to test 2002.
        minimumQuantity: 1,
        maximumQuantity: 10000,
        upgradeTargetOffers: [],
        // Invented availability id.
        availabilities: [{ id: 'CFQ7TTC0K5E3', segment: 'commercial', terms: ALL_TERMS }],
      },
    ],
  },
  {
    // Invented product and availability ids (simulator only): an education-segment plan.
    id: 'CFQ7TTC0EDU1',
    title: 'Microsoft 365 A3 for faculty',
    description: 'Microsoft 365 A3 for faculty (education segment).',
    skus: [
      {
        id: '0001',
        title: 'Microsoft 365 A3 for faculty',
        description: 'Microsoft 365 A3 for faculty',
        minimumQuantity: 1,
        maximumQuantity: 300,
        upgradeTargetOffers: [],
        availabilities: [{ id: 'CFQ7TTC0K5ED', segment: 'education', terms: ONE_YEAR_TERMS }],
      },
    ],
  },
  {
    // Invented product and availability ids (simulator only): a SKU that enforces offer attestation,
    // modelled on Windows 365 Enterprise with the Windows Hybrid Benefit. The attestationType value is a guess.
    id: 'CFQ7TTC0W365',
    title: 'Windows 365 Enterprise',
    description: 'Windows 365 Enterprise cloud PC.',
    skus: [
      {
        id: '0001',
        title: 'Windows 365 Enterprise 2 vCPU, 8 GB, 128 GB (Windows Hybrid Benefit)',
        description: 'Windows 365 Enterprise with Windows Hybrid Benefit',
        minimumQuantity: 1,
        maximumQuantity: 300,
        upgradeTargetOffers: [],
        attestationProperties: { enforceAttestation: true, attestationType: 'WindowsHybridBenefit' },
        availabilities: [{ id: 'CFQ7TTC0K5WB', segment: 'commercial', terms: ONE_YEAR_TERMS }],
      },
    ],
  },
];

export function catalogItemIdOf(productId: string, skuId: string, availabilityId: string): string {
  return `${productId}:${skuId}:${availabilityId}`;
}

/** Convenience ids for tests and demo seeds. */
export const SEED_CATALOG_ITEMS = {
  businessBasic: 'CFQ7TTC0LH18:0001:CFQ7TTC0K971',
  businessStandard: 'CFQ7TTC0LDPB:0001:CFQ7TTC0K5BS',
  businessPremium: 'CFQ7TTC0LCHC:0002:CFQ7TTC0K5PR',
  office365E3: 'CFQ7TTC0LF8Q:0001:CFQ7TTC0K5E3',
  educationFaculty: 'CFQ7TTC0EDU1:0001:CFQ7TTC0K5ED',
  windows365Attested: 'CFQ7TTC0W365:0001:CFQ7TTC0K5WB',
} as const;
