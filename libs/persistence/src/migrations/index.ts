import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { Provisioning1764000000001 } from './1764000000001-provisioning';
import { Notifications1764000000002 } from './1764000000002-notifications';
import { PanelPricesAndSessions1764000000500 } from './1764000000500-panel-prices-and-sessions';

/** Every migration, in order. New migrations are appended here (no glob loading: the build stays explicit). */
export const MIGRATIONS = [
  InitialSchema1764000000000,
  Provisioning1764000000001,
  Notifications1764000000002,
  PanelPricesAndSessions1764000000500,
];
