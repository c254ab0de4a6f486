import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { deserialize, serialize } from 'node:v8';

/**
 * A store whose state survives a simulator restart. By default its own fields are the state: they must be
 * plain data (Map, Set, arrays, objects, strings, numbers, Date, RegExp), which the V8 serializer writes with
 * shared references kept (an index Map and the main Map keep pointing at the same object after a restore).
 * A store holding something else (a class instance with methods, a timer) implements `snapshot`/`restore`.
 */
export interface PersistentStoreHooks {
  snapshot?(): unknown;
  restore?(data: unknown): void;
  /** Called after a restore: drop what cannot be true in a fresh process (e.g. a request "in flight"). */
  afterRestore?(): void;
}
export type PersistentStore = object & PersistentStoreHooks;

const FORMAT = 'nce-sim-state/1';

interface SnapshotFile {
  format: string;
  savedAt: string;
  stores: Record<string, unknown>;
}

function fieldsOf(store: object): Record<string, unknown> {
  return { ...(store as Record<string, unknown>) };
}

/** Serialises every registered store in one pass (references shared between stores are kept too). */
export function encodeSnapshot(stores: Readonly<Record<string, PersistentStore>>, now: Date): Buffer {
  const data: Record<string, unknown> = {};
  for (const [name, store] of Object.entries(stores)) data[name] = store.snapshot ? store.snapshot() : fieldsOf(store);
  const file: SnapshotFile = { format: FORMAT, savedAt: now.toISOString(), stores: data };
  return serialize(file);
}

/**
 * Restores the stores found in the snapshot; a store the snapshot does not know (added since) keeps its
 * empty state, a snapshot entry no store claims is ignored. Returns the names restored.
 */
export function decodeSnapshot(stores: Readonly<Record<string, PersistentStore>>, bytes: Buffer): string[] {
  const file = deserialize(bytes) as Partial<SnapshotFile> | null;
  if (file === null || typeof file !== 'object' || file.format !== FORMAT || typeof file.stores !== 'object' || file.stores === null) {
    throw new Error(`not a simulator state file (expected format ${FORMAT})`);
  }
  const restored: string[] = [];
  for (const [name, store] of Object.entries(stores)) {
    if (!(name in file.stores)) continue;
    const data = file.stores[name];
    if (store.restore) store.restore(data);
    else Object.assign(store, data);
    store.afterRestore?.();
    restored.push(name);
  }
  return restored;
}

/**
 * The simulator's state file: written atomically (temporary file, then rename), so a crash while writing
 * leaves the previous snapshot intact. Writes are coalesced: `markDirty()` after a change schedules one
 * write `delayMs` later, whatever the number of changes meanwhile; `flush()` writes at once (on close).
 */
export class StateFile {
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;

  constructor(
    readonly path: string,
    private readonly stores: () => Readonly<Record<string, PersistentStore>>,
    private readonly delayMs = 500,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** Loads the file if there is one; returns the stores restored (empty when there was no file). */
  load(): string[] {
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return decodeSnapshot(this.stores(), bytes);
  }

  markDirty(): void {
    this.dirty = true;
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.delayMs);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.dirty) return;
    this.dirty = false;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      const temporary = `${this.path}.${process.pid}.tmp`;
      writeFileSync(temporary, encodeSnapshot(this.stores(), new Date()), { mode: 0o600 });
      renameSync(temporary, this.path);
    } catch (error) {
      this.dirty = true;
      this.onError(error);
    }
  }
}
