// vitest globalSetup: a throwaway PostgreSQL cluster for the run (scripts/throwaway-postgres.ts:
// initdb and pg_ctl from Debian's packages, as the postgres user, on a free loopback port), stopped
// and deleted afterwards. The PostgreSQL tests get its address through `inject('postgres')`; when
// it cannot start they get the reason instead and fail with it: they never skip.
import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres } from '../../scripts/throwaway-postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: { url: string } | { error: string };
  }
}

export default async function setup(project: TestProject) {
  try {
    const cluster = await startThrowawayPostgres();
    project.provide('postgres', { url: cluster.url });
    return () => cluster.stop();
  } catch (err) {
    project.provide('postgres', { error: (err as Error).message });
    return undefined;
  }
}
