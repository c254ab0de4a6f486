import type { Principal, Role } from '@nce/contracts';
import type { RateLimitConfig } from '@nce/config';
import { SetMetadata } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { ApiProblem } from './api-problem';

export const RATE_LIMIT_CLASS = 'nce:rate-limit-class';

/** Routes that fan out to Partner Center (or a partner's endpoint): a tighter per-key limit with a cool-down. */
export const FanOut = (): MethodDecorator & ClassDecorator => SetMetadata(RATE_LIMIT_CLASS, 'fan-out');

interface Limiter {
  limiter: RateLimiterRedis;
  points: number;
}

/**
 * Fixed-window request limits in Redis (rate-limiter-flexible), so every API process counts
 * against the same budget: per API key by role, per client address for unauthenticated calls,
 * and per key on fan-out routes. Answers carry RateLimit-Limit / -Remaining / -Reset; a refusal is
 * 429 + Retry-After. If Redis does not answer, requests pass (assumed: availability over limits).
 */
export class RequestRateLimits {
  private readonly byRole: Record<Role, Limiter> | null;
  private readonly anonymous: Limiter | null;
  private readonly fanOut: Limiter | null;

  constructor(
    redis: unknown,
    prefix: string,
    config: RateLimitConfig,
    private readonly onStoreFailure: (error: unknown) => void,
  ) {
    const make = (name: string, points: number, duration: number, blockDuration = 0): Limiter => ({
      points,
      // Past the limit the key is refused from process memory until the window ends: no Redis call per refused request.
      limiter: new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${prefix}:rl:${name}`,
        points,
        duration,
        blockDuration,
        inMemoryBlockOnConsumed: points + 1,
        inMemoryBlockDuration: Math.max(duration, blockDuration),
        rejectIfRedisNotReady: true,
      }),
    });
    const enabled = config.enabled;
    this.byRole = enabled
      ? {
          partner: make('partner', config.partner, config.windowSeconds),
          customer: make('customer', config.customer, config.windowSeconds),
          operator: make('operator', config.operator, config.windowSeconds),
        }
      : null;
    this.anonymous = enabled ? make('address', config.anonymous, config.windowSeconds) : null;
    this.fanOut = enabled ? make('fan-out', config.fanOutPerMinute, 60, config.fanOutCooldownSeconds) : null;
  }

  async forKey(principal: Principal, fanOut: boolean, reply: FastifyReply): Promise<void> {
    if (!this.byRole) return;
    // On a fan-out route the headers describe the tighter fan-out limit.
    await this.consume(this.byRole[principal.role], principal.apiKeyId, reply, !fanOut);
    if (fanOut && this.fanOut) await this.consume(this.fanOut, principal.apiKeyId, reply, true);
  }

  async forAddress(address: string, reply: FastifyReply): Promise<void> {
    if (this.anonymous) await this.consume(this.anonymous, address, reply, true);
  }

  private async consume(limit: Limiter, key: string, reply: FastifyReply, report: boolean): Promise<void> {
    let result: RateLimiterRes;
    try {
      result = await limit.limiter.consume(key);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) {
        this.onStoreFailure(error);
        return;
      }
      const retryAfterSeconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      headers(reply, limit.points, 0, error.msBeforeNext);
      throw new ApiProblem(
        429,
        'rate-limited',
        'Too many requests',
        `Rate limit of ${limit.points} requests exceeded for this key or address; retry after ${retryAfterSeconds} s`,
        { retryAfterSeconds },
      );
    }
    if (report) headers(reply, limit.points, result.remainingPoints, result.msBeforeNext);
  }
}

function headers(reply: FastifyReply, limit: number, remaining: number, msBeforeNext: number): void {
  void reply.header('ratelimit-limit', String(limit));
  void reply.header('ratelimit-remaining', String(Math.max(0, remaining)));
  void reply.header('ratelimit-reset', String(Math.max(0, Math.ceil(msBeforeNext / 1000))));
}
