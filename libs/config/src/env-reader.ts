import { Secret } from './secret';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads variables and collects every problem instead of stopping at the first, so a bad
 * deployment is told everything that is wrong in one error.
 */
export class EnvReader {
  readonly problems: string[] = [];
  /** Every variable asked for, with the default the code falls back to (README's configuration table is checked against it). */
  readonly variables = new Map<string, unknown>();

  constructor(private readonly env: Env) {}

  private note(name: string, fallback: unknown): void {
    if (!this.variables.has(name) || this.variables.get(name) === undefined) this.variables.set(name, fallback);
  }

  string(name: string, fallback?: string): string {
    this.note(name, fallback);
    const raw = this.env[name];
    if (raw === undefined || raw === '') {
      if (fallback === undefined) {
        this.problems.push(`${name}: required`);
        return '';
      }
      return fallback;
    }
    return raw;
  }

  optionalString(name: string): string | undefined {
    this.note(name, undefined);
    const raw = this.env[name];
    return raw === undefined || raw === '' ? undefined : raw;
  }

  secret(name: string, fallback?: string): Secret {
    return new Secret(this.string(name, fallback));
  }

  optionalSecret(name: string): Secret | undefined {
    const raw = this.optionalString(name);
    return raw === undefined ? undefined : new Secret(raw);
  }

  integer(name: string, fallback: number, range: { min?: number; max?: number } = {}): number {
    this.note(name, fallback);
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^-?\d+$/.test(raw.trim())) {
      this.problems.push(`${name}: expected an integer, got "${raw}"`);
      return fallback;
    }
    const value = Number(raw);
    if (range.min !== undefined && value < range.min) this.problems.push(`${name}: must be >= ${range.min}, got ${value}`);
    if (range.max !== undefined && value > range.max) this.problems.push(`${name}: must be <= ${range.max}, got ${value}`);
    return value;
  }

  number(name: string, fallback: number, range: { min?: number; max?: number } = {}): number {
    this.note(name, fallback);
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value)) {
      this.problems.push(`${name}: expected a number, got "${raw}"`);
      return fallback;
    }
    if (range.min !== undefined && value < range.min) this.problems.push(`${name}: must be >= ${range.min}, got ${value}`);
    if (range.max !== undefined && value > range.max) this.problems.push(`${name}: must be <= ${range.max}, got ${value}`);
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    this.note(name, fallback);
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
    if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
    this.problems.push(`${name}: expected true or false, got "${raw}"`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    this.note(name, fallback);
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name}: expected one of ${allowed.join(', ')}, got "${raw}"`);
    return fallback;
  }

  url(name: string, fallback: string | undefined, protocols: readonly string[]): string {
    const raw = this.string(name, fallback);
    if (raw === '') return raw;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) {
        this.problems.push(`${name}: expected a ${protocols.join(' or ')} URL, got protocol ${parsed.protocol}`);
      }
    } catch {
      this.problems.push(`${name}: not a valid URL`);
    }
    return raw;
  }

  list(name: string): string[] {
    const raw = this.optionalString(name);
    return raw === undefined
      ? []
      : raw
          .split(',')
          .map((part) => part.trim())
          .filter((part) => part.length > 0);
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}
