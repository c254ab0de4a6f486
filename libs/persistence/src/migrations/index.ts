import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { Provisioning1764000000001 } from './1764000000001-provisioning';
import { Notifications1764000000002 } from './1764000000002-notifications';
import { PartnerCenterCredentials1764000000100 } from './1764000000100-partner-center-credentials';
import { ApiKeyLifecycle1764000000300 } from './1764000000300-api-key-lifecycle';
import { Installation1764000000400 } from './1764000000400-installation';
import { GdapRecheckWindow1764000000401 } from './1764000000401-gdap-recheck-window';
import { PanelPricesAndSessions1764000000500 } from './1764000000500-panel-prices-and-sessions';
import { SubscriptionChanges1764000000600 } from './1764000000600-subscription-changes';

/** Every migration, in order. New migrations are appended here (no glob loading: the build stays explicit). */
export const MIGRATIONS = [
  InitialSchema1764000000000,
  Provisioning1764000000001,
  Notifications1764000000002,
  PartnerCenterCredentials1764000000100,
  ApiKeyLifecycle1764000000300,
  Installation1764000000400,
  GdapRecheckWindow1764000000401,
  PanelPricesAndSessions1764000000500,
  SubscriptionChanges1764000000600,
];
