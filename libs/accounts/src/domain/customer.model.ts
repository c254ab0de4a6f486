export interface CustomerTenant {
  id: string;
  domain: string;
}

/** An end customer of a partner, linked to at most one Microsoft customer tenant. */
export interface Customer {
  id: string;
  partnerId: string;
  name: string;
  tenant: CustomerTenant | null;
  createdAt: Date;
  updatedAt: Date;
}
