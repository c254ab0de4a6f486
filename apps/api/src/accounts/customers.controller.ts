import { AccountQueries, CreateCustomer, CreateCustomerApiKey, type Customer, type Principal } from '@nce/accounts';
import { NAME_CHARACTERS_MESSAGE, isPlainName } from '@nce/orders';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { ApiProblem } from '../http/api-problem';
import { expiresAtField } from './api-key.presenter';
import { CurrentPrincipal, Roles } from '../http/auth.guard';
import { keysetPage, keysetPageQuery } from '../http/keyset-page';
import { parseOrThrow } from '../http/zod-body';

const createSchema = z.strictObject({ name: z.string().trim().min(1).max(200).refine(isPlainName, NAME_CHARACTERS_MESSAGE) });
const keySchema = z.strictObject({ label: z.string().trim().min(1).max(200).optional(), expiresAt: expiresAtField });

function present(customer: Customer): Record<string, unknown> {
  return {
    id: customer.id,
    partnerId: customer.partnerId,
    name: customer.name,
    ...(customer.tenant ? { tenant: customer.tenant } : {}),
    createdAt: customer.createdAt.toISOString(),
  };
}

@Controller('v1/customers')
export class CustomersController {
  constructor(
    private readonly accounts: AccountQueries,
    private readonly createCustomer: CreateCustomer,
    private readonly createKey: CreateCustomerApiKey,
  ) {}

  @Post()
  @Roles('partner')
  async create(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<unknown> {
    const input = parseOrThrow(createSchema, body);
    return present(await this.createCustomer.execute({ partnerId: principal.partnerId ?? '', name: input.name }));
  }

  @Get()
  @Roles('partner', 'operator')
  async list(@CurrentPrincipal() principal: Principal, @Query() rawQuery: unknown): Promise<unknown> {
    const page = keysetPageQuery(rawQuery);
    const rows = await this.accounts.listCustomers(principal, { limit: page.fetch, after: page.position });
    return keysetPage(rows, page.limit, present);
  }

  @Get(':id')
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<unknown> {
    return present(await this.visible(principal, id));
  }

  /** Partner only: operators never act as customers, so they cannot mint a customer's key either. */
  @Post(':id/api-keys')
  @Roles('partner')
  async issueKey(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown): Promise<unknown> {
    await this.visible(principal, id);
    const input = parseOrThrow(keySchema, body);
    const issued = await this.createKey.execute({
      customerId: id,
      label: input.label,
      expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
      issuer: principal,
    });
    return {
      apiKey: issued.apiKey,
      id: issued.id,
      prefix: issued.prefix,
      ...(issued.expiresAt ? { expiresAt: issued.expiresAt.toISOString() } : {}),
    };
  }

  private async visible(principal: Principal, id: string): Promise<Customer> {
    const customer = await this.accounts.visibleCustomer(principal, id);
    if (!customer) throw ApiProblem.notFound(`Customer ${id} not found`);
    return customer;
  }
}
