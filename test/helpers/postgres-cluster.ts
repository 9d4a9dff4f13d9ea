// vitest globalSetup: a throwaway PostgreSQL cluster from Debian's packages for the run (initdb and
// pg_ctl as the postgres user, on a folder it owns, on a free loopback port), stopped and deleted
// afterwards. The PostgreSQL tests get its address through `inject('postgres')`; when the binaries
// are missing they get the reason instead and fail with it: they never skip.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: { url: string } | { error: string };
  }
}

function binDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] && join(root, versions[0], 'bin');
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export default async function setup(project: TestProject) {
  const bin = binDir();
  if (!bin) {
    project.provide('postgres', { error: 'PostgreSQL binaries not found under /usr/lib/postgresql/*/bin: apt-get install -y postgresql (.ci/run does)' });
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'pg-test-'));
  const data = join(dir, 'data');
  // The server refuses to run as root: run it as the postgres user, on a folder it owns.
  const asRoot = userInfo().uid === 0;
  const pgUser = asRoot ? Number(execFileSync('id', ['-u', 'postgres']).toString().trim()) : undefined;
  const pgGroup = asRoot ? Number(execFileSync('id', ['-g', 'postgres']).toString().trim()) : undefined;
  if (asRoot) chownSync(dir, pgUser!, pgGroup!);
  const run = (cmd: string, args: string[]) => execFileSync(asRoot ? 'runuser' : join(bin, cmd), asRoot ? ['-u', 'postgres', '--', join(bin, cmd), ...args] : args, { stdio: 'pipe' });
  const port = await freePort();
  try {
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8']);
    run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on`, '-w', 'start']);
  } catch (err) {
    project.provide('postgres', { error: `could not start a PostgreSQL cluster: ${String((err as { stderr?: Buffer }).stderr ?? err)}` });
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  project.provide('postgres', { url: `postgres://postgres@127.0.0.1:${port}/postgres` });
  return () => {
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
