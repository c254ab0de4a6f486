import { asRecord } from '../http/casing';
import type { RouteRegistrar } from '../sim-context';
import { THROTTLE_GROUPS, type ThrottleGroup, type ThrottleLimits, type ThrottleSettings } from '../state/throttle.store';
import { controlError, integerIn } from './control-input';

function readLimits(record: Record<string, unknown>, prefix: string): Partial<ThrottleLimits> {
  const limits: Partial<ThrottleLimits> = {};
  const partner = integerIn(record.partnerPerMinute, `${prefix}partnerPerMinute`, 0);
  const customer = integerIn(record.customerPerMinute, `${prefix}customerPerMinute`, 0);
  if (partner !== undefined) limits.partnerPerMinute = partner;
  if (customer !== undefined) limits.customerPerMinute = customer;
  return limits;
}

/** `PUT /_sim/throttling` body: `{ partnerPerMinute, customerPerMinute, groups?, windowSeconds? }`; omitted fields keep their value. */
function readThrottling(body: unknown, current: ThrottleSettings): ThrottleSettings {
  const record = asRecord(body);
  const known = new Set(['partnerPerMinute', 'customerPerMinute', 'groups', 'windowSeconds']);
  const unknown = Object.keys(record).filter((key) => !known.has(key));
  if (unknown.length > 0) throw controlError(400, `unknown field(s): ${unknown.join(', ')}`);
  const next: ThrottleSettings = { ...current, ...readLimits(record, ''), groups: { ...current.groups } };
  const windowSeconds = integerIn(record.windowSeconds, 'windowSeconds', 1, 3600);
  if (windowSeconds !== undefined) next.windowMs = windowSeconds * 1000;
  if (record.groups !== undefined) {
    for (const [group, limits] of Object.entries(asRecord(record.groups))) {
      if (!(THROTTLE_GROUPS as readonly string[]).includes(group))
        throw controlError(400, `groups.${group}: unknown group; allowed: ${THROTTLE_GROUPS.join(', ')}`);
      if (limits === null) delete next.groups[group as ThrottleGroup];
      else next.groups[group as ThrottleGroup] = readLimits(asRecord(limits), `groups.${group}.`);
    }
  }
  return next;
}

function view(settings: ThrottleSettings, throttled: number): Record<string, unknown> {
  return {
    partnerPerMinute: settings.partnerPerMinute,
    customerPerMinute: settings.customerPerMinute,
    groups: settings.groups,
    windowSeconds: settings.windowMs / 1000,
    throttled,
  };
}

/** Runtime control of the built-in throttling (0 = off); `throttled` counts the 429s sent so far. */
export const registerControlThrottlingRoutes: RouteRegistrar = (app, context) => {
  const throttle = context.state.throttle;
  app.get('/_sim/throttling', (_request, reply) => reply.send(view(throttle.settings, context.state.ledger.throttled)));
  app.put('/_sim/throttling', (request, reply) => {
    throttle.replace(readThrottling(request.body, throttle.settings));
    return reply.send(view(throttle.settings, context.state.ledger.throttled));
  });
};
