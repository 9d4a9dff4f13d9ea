// The directory the running service searches: the packs' own services plus what the councils'
// feeds imported into the database. An import runs as its own process (npm run directory:import),
// so the service looks for a newer import once a minute and rebuilds the directory from the
// database when there is one; a search always sees one whole directory, old or new, never a mix.
import type { Directory, ImportedService } from '../../knowledge/search/directory.ts';
import type { Logger } from '../log.ts';
import type { DirectoryStore } from './store.ts';

export interface LiveDirectory extends Directory {
  /** Rebuilds from the database if an import finished since the last build; true when it did. */
  refresh(): Promise<boolean>;
  /** The current build itself: one whole directory, for callers that cache per build. */
  current(): Directory;
  /** Services imported from feeds in the current build. */
  readonly importedCount: number;
  stop(): void;
}

export async function createLiveDirectory(
  build: (imported: readonly ImportedService[]) => Directory,
  store: DirectoryStore,
  log: Pick<Logger, 'info' | 'error'>,
  options: { refreshMs?: number } = {},
): Promise<LiveDirectory> {
  let generation = await store.generation();
  let imported = await store.services();
  let current = build(imported);
  let refreshing: Promise<boolean> | undefined;

  const refresh = async (): Promise<boolean> => {
    const g = await store.generation();
    if (g === generation) return false;
    const next = await store.services();
    current = build(next);
    imported = next;
    generation = g;
    log.info('directory rebuilt from the database', { imported: next.length, services: current.size });
    return true;
  };
  const once = () => (refreshing ??= refresh().finally(() => (refreshing = undefined)));
  const timer = setInterval(() => {
    once().catch((err: unknown) => log.error('directory refresh failed; the previous directory stays', { error: (err as Error).name }));
  }, options.refreshMs ?? 60_000);
  timer.unref();

  return {
    search: (q) => current.search(q),
    find: (q) => current.find(q),
    every: (q) => current.every(q),
    understand: (q) => current.understand(q),
    all: (now) => current.all(now),
    get: (locality, id, now) => current.get(locality, id, now),
    filters: (locality) => current.filters(locality),
    get size() {
      return current.size;
    },
    get importedCount() {
      return imported.length;
    },
    current: () => current,
    refresh: once,
    stop: () => clearInterval(timer),
  };
}

