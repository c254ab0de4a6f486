import { CatalogQuery } from '@nce/catalog';
import { Controller, Get } from '@nestjs/common';

@Controller('v1/catalog')
export class CatalogController {
  constructor(private readonly catalog: CatalogQuery) {}

  /** Every NCE plan, unpaged (a few hundred rows at most). */
  @Get('offers')
  async offers(): Promise<unknown> {
    return { items: await this.catalog.listPlans() };
  }
}
