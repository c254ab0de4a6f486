import { SqlApiKeyRepository, SqlCustomerRepository, SqlPartnerRepository } from '@nce/accounts';
import type { AppConfig } from '@nce/config';
import { UnitOfWork, createDataSource } from '@nce/persistence';
import type { DataSource } from 'typeorm';

/** What CLI commands share: one data source and the repositories over it. */
export interface OpsContext {
  config: AppConfig;
  dataSource: DataSource;
  unitOfWork: UnitOfWork;
  partners: SqlPartnerRepository;
  customers: SqlCustomerRepository;
  apiKeys: SqlApiKeyRepository;
}

export async function openOpsContext(config: AppConfig): Promise<OpsContext> {
  const dataSource = await createDataSource(config.database, { poolSize: 4 }).initialize();
  const unitOfWork = new UnitOfWork(dataSource);
  return {
    config,
    dataSource,
    unitOfWork,
    partners: new SqlPartnerRepository(unitOfWork.executor),
    customers: new SqlCustomerRepository(unitOfWork.executor),
    apiKeys: new SqlApiKeyRepository(unitOfWork.executor),
  };
}
