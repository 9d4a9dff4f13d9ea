// npm run bench: the service's speed and footprint, for both stores (the embedded SQLite and
// PostgreSQL on a throwaway cluster from Debian's packages), side by side in one run.
// - first consultation turn: turns per second and latency through the real server path (restify,
//   CloudAdapter, triage with the free-text reader, cards, conversation and user state written to
//   the store), each request a new conversation describing a concern, against a minimal echo bot
//   on the same stack in the same process, loaded by autocannon on loopback with expectReplies;
// - 500 conversations at once, 5 turns each: errors (a non-200, no reply, or an apology);
// - cold start (spawn of bot/index.ts, as `npm start` runs it, to its "listening" line) and
//   resident memory once idle after start;
// - a CPU profile of the first-turn load (started after start-up): the top functions by self time.
// The servers run in a child process so the load generator does not share their event loop.
// BENCH_SECONDS (10), BENCH_CONNECTIONS (10), BENCH_STORES (sqlite,postgres) tune it.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { ActivityHandler } from 'botbuilder';
import pg from 'pg';
import { APOLOGY, createAdapter, registerMessages } from '../bot/adapter.ts';
import { loadConfig } from '../bot/config.ts';
import { OUTAGE_MESSAGE } from '../bot/conversation/outage.ts';
import { createHttpServer } from '../bot/http/server.ts';
import { createLogger } from '../bot/log.ts';
import { startService } from '../bot/service.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from './throwaway-postgres.ts';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const STORES = (process.env.BENCH_STORES ?? 'sqlite,postgres').split(',') as Store[];
const CONVERSATIONS = 500;
const TURNS = ['yr 3 boy keeps coming in hungry, mum not coping since dad left, he is often late and tired', 'he is 8', 'no', 'yes', 'not sure'];
const CONCERN = TURNS[0]!;
const REPO = new URL('..', import.meta.url).pathname;
const TOKENS = { DUTY_TOKEN: 'duty-token-for-the-bench-000000000001', BOARD_TOKEN: 'board-token-for-the-bench-00000000001' };

type Store = 'sqlite' | 'postgres';
const silent = createLogger('silent');

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(`You said: ${context.activity.text}`);
      await next();
    });
  }
}

async function startEcho(): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = createHttpServer(silent);
  registerMessages(server, createAdapter({}), new EchoBot(), silent);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

function activity(text: string, conversation = `bench-${randomUUID()}`, user = `bench-user-${randomUUID()}`) {
  return JSON.stringify({
    type: 'message',
    id: randomUUID(),
    channelId: 'webchat',
    serviceUrl: 'http://127.0.0.1:9/unused',
    conversation: { id: conversation },
    from: { id: user },
    recipient: { id: 'bot' },
    deliveryMode: 'expectReplies',
    text,
  });
}

async function load(url: string, text: string, seconds = DURATION) {
  // One real turn first, so a broken endpoint fails loudly instead of measuring errors.
  const probe = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: activity(text) });
  const body = (await probe.json()) as { activities?: unknown[] };
  if (probe.status !== 200 || !body.activities?.length) throw new Error(`${url} did not answer a turn (HTTP ${probe.status})`);
  const result = await autocannon({
    url: `${url}/api/messages`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [{ method: 'POST', headers: { 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: activity(text) }) }],
  });
  if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx responses, ${result.errors} errors`);
  return { turnsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, total: result.requests.total };
}

/** CONVERSATIONS conversations at once, each TURNS.length turns in order; counts what went wrong. */
async function manyConversations(url: string) {
  const latencies: number[] = [];
  let errors = 0;
  const kinds: Record<string, number> = {};
  const began = Date.now();
  await Promise.all(
    Array.from({ length: CONVERSATIONS }, async () => {
      const conversation = `many-${randomUUID()}`;
      const user = `many-user-${randomUUID()}`;
      for (const text of TURNS) {
        const t0 = performance.now();
        try {
          const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: activity(text, conversation, user) });
          const json = (await res.json()) as { activities?: { text?: string }[] };
          const said = (json.activities ?? []).map((a) => a.text ?? '').join('\n');
          const kind = res.status !== 200 ? `HTTP ${res.status}` : !json.activities?.length ? 'no reply' : said.includes(APOLOGY) ? 'apology' : said.includes(OUTAGE_MESSAGE) ? 'database outage reply' : undefined;
          if (kind) {
            errors++;
            kinds[kind] = (kinds[kind] ?? 0) + 1;
          }
        } catch (err) {
          errors++;
          kinds[(err as Error).name] = (kinds[(err as Error).name] ?? 0) + 1;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const seconds = (Date.now() - began) / 1000;
  return { turns: latencies.length, errors, kinds, seconds, p99: latencies[Math.floor(latencies.length * 0.99)]!, p50: latencies[Math.floor(latencies.length / 2)]! };
}

async function freshPostgresDatabase(cluster: ThrowawayPostgres): Promise<string> {
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  const name = `bench_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(cluster.url);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The environment of a service on `store`: a fresh data folder, and a fresh database for PostgreSQL. */
async function storeEnv(store: Store, cluster: ThrowawayPostgres | undefined): Promise<{ env: Record<string, string>; cleanup: () => void }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-'));
  const env: Record<string, string> = { DATA_DIR: dataDir, ...TOKENS };
  if (store === 'postgres') env.DATABASE_URL = await freshPostgresDatabase(cluster!);
  return { env, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
}

async function serve(): Promise<void> {
  const service = await startService(loadConfig({ ...process.env, PORT: '0', LOG_LEVEL: 'silent' } as Record<string, string>), { log: silent });
  const echo = await startEcho();
  // BENCH_PROFILE: a CPU profile from here (after start, so start-up is not in it) to SIGTERM.
  const profileTo = process.env.BENCH_PROFILE;
  const session = profileTo ? new (await import('node:inspector/promises')).Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  process.stdout.write(`${JSON.stringify({ consultation: service.url, echo: echo.url })}\n`);
  process.once('SIGTERM', async () => {
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(profileTo!, JSON.stringify(profile));
    }
    await echo.stop();
    await service.stop();
    process.exit(0);
  });
}

/** The bench servers in a child process; `nodeArgs` for a profile. */
async function servers(env: Record<string, string>) {
  const child = spawn(process.execPath, [new URL(import.meta.url).pathname, '--serve'], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const urls = await new Promise<{ consultation: string; echo: string }>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!));
    });
    child.once('exit', (code) => reject(new Error(`the bench servers exited (${code})`)));
  });
  return {
    ...urls,
    async stop() {
      child.removeAllListeners('exit');
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Spawn bot/index.ts as `npm start` does; resolves at its "listening" line with the time taken. */
async function startRealService(env: Record<string, string>) {
  const began = performance.now();
  const proc = spawn(process.execPath, ['bot/index.ts'], { cwd: REPO, env: { PATH: process.env.PATH, PORT: '0', LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const line = buffered.split('\n').find((l) => l.includes('"msg":"listening"'));
      if (line) resolve(JSON.parse(line).url as string);
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`bot/index.ts exited (${code}) before listening:\n${buffered}`)));
  });
  const ms = performance.now() - began;
  return {
    url,
    ms,
    rssMiB: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))?.[1]) / 1024,
    async stop() {
      proc.removeAllListeners('exit');
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Cold start (median of three) and the resident memory of the last start, idle for 5 s. */
async function footprint(store: Store, cluster: ThrowawayPostgres | undefined) {
  const starts: number[] = [];
  let rss = 0;
  for (let i = 0; i < 3; i++) {
    const { env, cleanup } = await storeEnv(store, cluster);
    const s = await startRealService(env);
    starts.push(s.ms);
    if (i === 2) {
      // Idle as after a deployment: the health check polled, nobody has opened a page yet.
      await fetch(`${s.url}/healthz`);
      await new Promise((r) => setTimeout(r, 5000));
      rss = s.rssMiB();
    }
    await s.stop();
    cleanup();
  }
  return { coldStartMs: median(starts), starts, idleRssMiB: rss };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** The top functions by self time in a .cpuprofile, as "share name (file:line)". */
function topOfProfile(file: string, n = 12): string[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id)!;
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const f = node.callFrame;
    const where = f.url ? `${f.url.replace(/^file:\/\//, '').replace(REPO, '').replace(/^.*node_modules\//, '')}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'}${where ? ` (${where})` : ''}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  return [...self.entries()]
    // Idle time, and the profiler's own work of stopping and handing the profile over, are not the turn's.
    .filter(([k]) => k !== '(idle)' && k !== '(program)' && !k.includes('node:inspector'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
}

async function profileFirstTurns(store: Store, cluster: ThrowawayPostgres | undefined): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-prof-'));
  const { env, cleanup } = await storeEnv(store, cluster);
  const file = join(dir, 'first-turns.cpuprofile');
  const s = await servers({ ...env, BENCH_PROFILE: file });
  try {
    await load(s.consultation, CONCERN, Math.min(DURATION, 5));
  } finally {
    await s.stop();
    cleanup();
  }
  const top = topOfProfile(file);
  rmSync(dir, { recursive: true, force: true });
  return top;
}

async function measure(): Promise<void> {
  const cpu = cpus();
  const machine = `${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB (${(freemem() / 2 ** 30).toFixed(1)} GiB free), Node ${process.version}`;
  const loadAtStart = loadavg().map((l) => l.toFixed(2)).join(' ');
  let cluster: ThrowawayPostgres | undefined;
  let noPostgres: string | undefined;
  if (STORES.includes('postgres')) {
    try {
      cluster = await startThrowawayPostgres();
    } catch (err) {
      noPostgres = (err as Error).message;
    }
  }
  const results: Record<string, Record<string, unknown>> = {};
  try {
    for (const store of STORES) {
      if (store === 'postgres' && !cluster) continue;
      const { env, cleanup } = await storeEnv(store, cluster);
      const s = await servers(env);
      try {
        // Side by side in one run: the echo bot and the consultation served by the same child.
        const echo = await load(s.echo, 'hello');
        const first = await load(s.consultation, CONCERN);
        const many = await manyConversations(s.consultation);
        results[store] = { echo, first, many };
      } finally {
        await s.stop();
        cleanup();
      }
      results[store]!.footprint = await footprint(store, cluster);
      results[store]!.profile = await profileFirstTurns(store, cluster);
    }
  } finally {
    cluster?.stop();
  }

  console.log(`machine: ${machine}`);
  console.log(`load average (1, 5, 15 min): ${loadAtStart} at start, ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end (other work on the machine skews every figure)`);
  console.log(`load: autocannon, ${CONNECTIONS} connections, ${DURATION} s each, loopback, deliveryMode expectReplies; servers in a child process`);
  if (noPostgres) console.log(`PostgreSQL: not measured: ${noPostgres}`);
  const row = (name: string, r: Awaited<ReturnType<typeof load>>) =>
    console.log(`  ${name.padEnd(36)} ${r.turnsPerSecond.toFixed(0).padStart(7)} turns/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms   (${r.total} turns)`);
  for (const [store, r] of Object.entries(results)) {
    const echo = r.echo as Awaited<ReturnType<typeof load>>;
    const first = r.first as Awaited<ReturnType<typeof load>>;
    const many = r.many as Awaited<ReturnType<typeof manyConversations>>;
    const fp = r.footprint as Awaited<ReturnType<typeof footprint>>;
    const target = store === 'sqlite' ? 0.5 : 0.35;
    console.log(`\n${store === 'sqlite' ? 'SQLite (embedded default)' : 'PostgreSQL (throwaway cluster on this machine, fsync on)'}`);
    row('echo bot (same stack)', echo);
    row('first consultation turn', first);
    const ratio = first.turnsPerSecond / echo.turnsPerSecond;
    console.log(`  ratio: the first turn runs at ${ratio.toFixed(2)} of the echo bot (target ${target} or more: ${ratio >= target ? 'met' : 'not met'}); p99 ${(first.p99 / Math.max(1, echo.p99)).toFixed(2)}x the echo bot's (target under 2x: ${first.p99 < 2 * echo.p99 ? 'met' : 'not met'})`);
    console.log(`  ${CONVERSATIONS} conversations at once x ${TURNS.length} turns: ${many.errors} errors${many.errors ? ` ${JSON.stringify(many.kinds)}` : ''} in ${many.turns} turns, ${many.seconds.toFixed(1)} s (${(many.turns / many.seconds).toFixed(0)} turns/s), p50 ${many.p50.toFixed(0)} ms, p99 ${many.p99.toFixed(0)} ms (target 0 errors: ${many.errors === 0 ? 'met' : 'not met'})`);
    console.log(`  cold start (bot/index.ts to listening, median of 3): ${fp.coldStartMs.toFixed(0)} ms [${fp.starts.map((x) => x.toFixed(0)).join(', ')}] (target 1000 ms or less: ${fp.coldStartMs <= 1000 ? 'met' : 'not met'})`);
    console.log(`  idle resident memory after start: ${fp.idleRssMiB.toFixed(0)} MiB (target 150 MiB or less: ${fp.idleRssMiB <= 150 ? 'met' : 'not met'})`);
    console.log('  profile of the first-turn load, top functions by self time:');
    for (const line of r.profile as string[]) console.log(`    ${line}`);
  }
}

if (process.argv.includes('--serve')) await serve();
else await measure();
