import { InitialSchema1764000000000 } from './1764000000000-initial-schema';

/** Every migration, in order. New migrations are appended here (no glob loading: the build stays explicit). */
export const MIGRATIONS = [InitialSchema1764000000000];
