import type { SimulatorConfig } from '@nce/config';
import type { FastifyInstance } from 'fastify';
import { TokenCodec } from './http/token-codec';
import { applyProfile } from './state/profile';
import { SimState } from './state/sim-state';

/** Cancellable delays, so closing the server never waits for a held (timeout fault) reply. */
export class Delays {
  private readonly pending = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();

  wait(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.pending.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      this.pending.add(entry);
    });
  }

  cancelAll(): void {
    for (const entry of this.pending) {
      clearTimeout(entry.timer);
      entry.resolve();
    }
    this.pending.clear();
  }
}

export interface SimContext {
  /** The configuration the simulator booted with; `POST /_sim/reset` restores it. */
  config: SimulatorConfig;
  /** Mutable copy of the configuration: `PUT /_sim/settings` changes it at run time. */
  settings: SimulatorConfig;
  state: SimState;
  tokens: TokenCodec;
  delays: Delays;
  now(): number;
}

export type RouteRegistrar = (app: FastifyInstance, context: SimContext) => void;

export function createContext(config: SimulatorConfig): SimContext {
  const settings = { ...config, checkoutGates: [...config.checkoutGates] };
  applyProfile(settings, config);
  const state = new SimState(config.ledgerLimit, {
    partnerPerMinute: config.throttlePartnerPerMinute,
    customerPerMinute: config.throttleCustomerPerMinute,
    groups: {},
    windowMs: 60_000,
  });
  return {
    config,
    settings,
    state,
    tokens: new TokenCodec(config.tokenSigningKey, state.tokens),
    delays: new Delays(),
    now: () => Date.now(),
  };
}
