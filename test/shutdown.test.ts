// Stopping the service is clean (issue 13, item 6): SIGTERM mid-use (a duty post in flight to the
// connector, a practitioner pressing Send, another halfway through a summary) ends the process with
// code 0 after the server closed, the delivery in flight finished and the database closed; after a
// restart nothing is lost and nothing is posted twice. And Ctrl-C on `npm start` (SIGINT to the
// whole process group, as a terminal sends it) leaves no process behind and exits 0.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerAll, botClient, cardStep, referenceIn, startDutySummary } from './helpers/bot-client.ts';
import { startFakeConnector, type FakeConnector } from './helpers/fake-connector.ts';
import { REPO_ROOT } from './helpers/paths.ts';
import { waitFor } from './helpers/wait.ts';

const CHANNEL = '19:duty@thread.tacv2';
const TOKEN = 'duty-token-for-the-shutdown-test-0123456789';

let fake: FakeConnector;
let dir: string;
let port: number;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const p = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return p;
}

interface Child {
  proc: ChildProcess;
  lines: string[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

function env(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(port),
    DATA_DIR: dir,
    LOG_LEVEL: 'debug',
    DUTY_TOKEN: TOKEN,
    DUTY_CHANNEL_ID: CHANNEL,
    DUTY_SERVICE_URL: fake.url,
    DUTY_TEAM_ID: 'duty-group',
    GRAPH_BASE_URL: fake.url,
    DELIVERY_BASE_DELAY_MS: '20',
    DELIVERY_MAX_DELAY_MS: '200',
    DELIVERY_ATTEMPT_TIMEOUT_MS: '8000',
    DELIVERY_RECONCILE_DELAY_MS: '0',
    DELIVERY_POLL_MS: '50',
  };
}

async function start(command: string, args: string[], options: { detached?: boolean } = {}): Promise<Child> {
  const proc = spawn(command, args, { cwd: REPO_ROOT, env: env(), stdio: ['ignore', 'pipe', 'pipe'], detached: options.detached ?? false });
  const lines: string[] = [];
  let signalledAt = 0;
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal, ms: Date.now() - signalledAt })),
  );
  const onData = (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  const originalKill = proc.kill.bind(proc);
  proc.kill = (signal?: NodeJS.Signals | number) => {
    signalledAt = Date.now();
    return originalKill(signal);
  };
  await waitFor('the service to listen', () => lines.some((l) => l.includes('"msg":"listening"')) || proc.exitCode !== null, 60_000, 20);
  if (proc.exitCode !== null) throw new Error(`the service exited at start:\n${lines.slice(-15).join('\n')}`);
  return { proc, lines, exit };
}

const listening = (p: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(p, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shutdown-'));
  fake = await startFakeConnector();
  port = await freePort();
});
afterAll(async () => {
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('stopping the service', () => {
  it('SIGTERM mid-use exits 0 after the delivery in flight finishes; after a restart nothing is lost or posted twice', { timeout: 120_000 }, async () => {
    const child = await start(process.execPath, ['bot/index.ts']);
    const base = `http://127.0.0.1:${port}`;
    const client = (n: number) => botClient(base, { channelId: 'msteams', serviceUrl: fake.url, conversationId: `a:shutdown-${n}`, userId: `29:user-${n}`, userName: `Sam ${n}` });

    // One practitioner halfway through a summary.
    const halfway = client(1);
    const first = await startDutySummary(halfway);
    const at = cardStep(await halfway.say('no'));
    expect(at.kind).toBe('question');

    // Another sends a summary; its duty post is held at the connector, so it is in flight.
    let postInFlight = false;
    let release: () => void = () => {};
    fake.onCreate(async (rec) => {
      if (rec.conversationId !== CHANNEL) return;
      fake.onCreate(undefined);
      postInFlight = true;
      await new Promise<void>((r) => (release = r));
    });
    const sender = client(2);
    const check = await answerAll(sender, await startDutySummary(sender));
    expect(cardStep(check).kind).toBe('check');
    const confirmed = new Set<string>();
    const ref = referenceIn(await sender.submit({ handoff: 'submit' }));
    expect(ref).toBeDefined();
    confirmed.add(ref!);
    await waitFor('the duty post to be in flight', () => postInFlight, 15_000, 10);

    // A third presses Send just as the service is told to stop.
    const third = client(3);
    expect(cardStep(await answerAll(third, await startDutySummary(third))).kind).toBe('check');
    const racing = third.submit({ handoff: 'submit' }).then(
      (r) => referenceIn(r),
      () => undefined,
    );
    await new Promise((r) => setTimeout(r, 5));
    child.proc.kill('SIGTERM');
    // The post in flight is answered a moment later: the stop waits for it.
    setTimeout(() => release(), 800);
    const exit = await child.exit;
    const raced = await racing;
    if (raced) confirmed.add(raced);

    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.ms).toBeGreaterThanOrEqual(700); // it waited for the delivery in flight
    expect(exit.ms).toBeLessThan(15_000);
    const messages = child.lines.map((l) => (l.startsWith('{') ? (JSON.parse(l) as { msg: string }).msg : l));
    expect(messages).toContain('stopping');
    expect(messages).toContain('stopped');
    expect(messages.indexOf('stopped')).toBeGreaterThan(messages.indexOf('stopping'));
    expect(child.lines.filter((l) => /"level":"error"/.test(l))).toEqual([]);
    expect(await listening(port)).toBe(false);

    // Restart: every confirmed summary is stored and posted exactly once, and the one in progress resumes.
    const again = await start(process.execPath, ['bot/index.ts']);
    try {
      const list = async () => {
        const res = await fetch(`${base}/api/duty/handoffs`, { headers: { authorization: `Bearer ${TOKEN}` } });
        return ((await res.json()) as { handoffs: { reference: string; delivery: string }[] }).handoffs;
      };
      const stored = await waitFor('every handoff delivered', async () => {
        const l = await list();
        return l.length >= confirmed.size && l.every((h) => h.delivery === 'delivered') ? l : undefined;
      }, 30_000, 100);
      const refs = new Set(stored.map((h) => h.reference));
      for (const r of confirmed) {
        expect(refs.has(r), `${r} is stored`).toBe(true);
        expect(fake.created.filter((c) => c.conversationId === CHANNEL && JSON.stringify(c.activity).includes(r)), `${r} posted once`).toHaveLength(1);
      }
      const resumed = cardStep(await halfway.say('help'));
      expect(resumed.field).toBe(at.field);
      expect(first.length).toBeGreaterThan(0);
    } finally {
      again.proc.kill('SIGTERM');
      expect((await again.exit).code).toBe(0);
    }
  });

  // npm itself ends with the signal it was sent (exit status 130 or 143, its convention); what
  // matters is that the service under it stopped cleanly and nothing is left running.
  for (const how of ['Ctrl-C (SIGINT to the process group)', 'SIGTERM to npm alone'] as const) {
    it(`${how} on \`npm start\` stops the service cleanly and leaves nothing running`, { timeout: 120_000 }, async () => {
      const npm = await start('npm', ['start', '--silent'], { detached: true });
      expect(await listening(port)).toBe(true);
      if (how.startsWith('Ctrl-C')) process.kill(-npm.proc.pid!, 'SIGINT');
      else npm.proc.kill('SIGTERM');
      const exit = await npm.exit;
      expect(exit.signal ?? exit.code).toBeTruthy();
      await waitFor('the service to log that it stopped', () => npm.lines.some((l) => l.includes('"msg":"stopped"')), 20_000, 50).catch((err: Error) => {
        throw new Error(`${err.message}:\n${npm.lines.slice(-8).join('\n')}`);
      });
      const stopping = npm.lines.filter((l) => l.includes('"msg":"stopping"')).map((l) => (JSON.parse(l) as { signal: string }).signal);
      expect(stopping).toEqual([how.startsWith('Ctrl-C') ? 'SIGINT' : 'parent-exited']);
      expect(npm.lines.filter((l) => /"level":"error"/.test(l))).toEqual([]);
      await waitFor('the port to be free', async () => !(await listening(port)), 5000, 50);
      // No process of this group is left (the service ran in npm's process group).
      await waitFor('no process left in the group', () => {
        try {
          process.kill(-npm.proc.pid!, 0);
          return false;
        } catch {
          return true;
        }
      }, 5000, 50);
    });
  }
});
