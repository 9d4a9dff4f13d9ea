// npm run bench: turns per second and latency of the consultation through the real server path
// (restify, CloudAdapter, triage with the free-text reader, cards, SQLite state), against a
// minimal echo bot on the same stack in the same run, both on loopback with expectReplies.
// Each consultation request is a new conversation describing a concern, so every turn reads the
// text, screens harm, builds cards and writes conversation and user state to SQLite. The servers
// run in a child process so the load generator does not share their event loop.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, freemem, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { ActivityHandler } from 'botbuilder';
import { createAdapter, registerMessages } from '../bot/adapter.ts';
import { loadConfig } from '../bot/config.ts';
import { createHttpServer } from '../bot/http/server.ts';
import { createLogger } from '../bot/log.ts';
import { startService } from '../bot/service.ts';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const CONCERN = 'yr 3 boy keeps coming in hungry, mum not coping since dad left, he is often late and tired';

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

function activity(text: string) {
  const id = randomUUID();
  return JSON.stringify({
    type: 'message',
    id,
    channelId: 'webchat',
    serviceUrl: 'http://127.0.0.1:9/unused',
    conversation: { id: `bench-${id}` },
    from: { id: `bench-user-${id}` },
    recipient: { id: 'bot' },
    deliveryMode: 'expectReplies',
    text,
  });
}

async function load(url: string, text: string) {
  // One real turn first, so a broken endpoint fails loudly instead of measuring errors.
  const probe = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: activity(text) });
  const body = (await probe.json()) as { activities?: unknown[] };
  if (probe.status !== 200 || !body.activities?.length) throw new Error(`${url} did not answer a turn (HTTP ${probe.status})`);
  const result = await autocannon({
    url: `${url}/api/messages`,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [{ method: 'POST', headers: { 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: activity(text) }) }],
  });
  if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx responses, ${result.errors} errors`);
  return { turnsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, total: result.requests.total };
}

async function serve(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-'));
  const service = await startService(loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), { log: silent, handoff: { announceToken: () => {} } });
  const echo = await startEcho();
  process.stdout.write(`${JSON.stringify({ consultation: service.url, echo: echo.url })}\n`);
  process.once('SIGTERM', async () => {
    await echo.stop();
    await service.stop();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
}

async function measure(): Promise<void> {
  const child = spawn(process.execPath, [new URL(import.meta.url).pathname, '--serve'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const urls = await new Promise<{ consultation: string; echo: string }>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!));
    });
    child.once('exit', (code) => reject(new Error(`the bench servers exited (${code})`)));
  });
  try {
    const echoResult = await load(urls.echo, 'hello');
    const consultation = await load(urls.consultation, CONCERN);
    const cpu = cpus();
    console.log(`machine: ${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB (${(freemem() / 2 ** 30).toFixed(1)} GiB free), Node ${process.version}`);
    console.log(`load: autocannon, ${CONNECTIONS} connections, ${DURATION} s each, loopback, deliveryMode expectReplies; servers in a child process`);
    const row = (name: string, r: Awaited<ReturnType<typeof load>>) =>
      console.log(`${name.padEnd(34)} ${r.turnsPerSecond.toFixed(0).padStart(7)} turns/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms   (${r.total} turns)`);
    row('echo bot (same stack)', echoResult);
    row('consultation turn (SQLite state)', consultation);
    console.log(`ratio: the consultation turn runs at ${((consultation.turnsPerSecond / echoResult.turnsPerSecond) * 100).toFixed(0)}% of the echo bot's rate (${(echoResult.turnsPerSecond / consultation.turnsPerSecond).toFixed(2)}x slower)`);
  } finally {
    child.removeAllListeners('exit');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

if (process.argv.includes('--serve')) await serve();
else await measure();
