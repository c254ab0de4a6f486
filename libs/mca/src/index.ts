export { MCA_VALID_FROM, mcaStatus, type McaStatus } from './domain/mca-status.model';
export { RunMcaStep, type McaPartnerCenter, type McaStepSettings } from './application/run-mca-step.use-case';
