// End to end through Microsoft's Agents Playground as a Teams-shaped client: the Playground runs
// offline on loopback, speaks the msteams channel to our real server through its own connector,
// and is driven through the HTTP and WebSocket API its own web client uses
// (/_conversation/v1/... to send and submit, /_ws_conversation/v1/conversations/stream to receive).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../bot/config.ts';
import { createLogger } from '../bot/log.ts';
import { type RunningService, startService } from '../bot/service.ts';
import { REPO_ROOT } from './helpers/paths.ts';

interface PlaygroundMessage {
  messageId: string;
  from: { id: string };
  text?: string;
  attachments: { contentType: string; content: CardContent }[];
}
interface CardContent {
  body?: unknown[];
  actions?: { title: string; data?: Record<string, unknown> }[];
  speak?: string;
}

const PLAYGROUND_CLI = join(REPO_ROOT, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');

let service: RunningService;
let dataDir: string;
let playground: ChildProcess;
let base: string;
let socket: WebSocket;
let chatId: string;
let me: string;
let botId: string;
const received: PlaygroundMessage[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'playground-'));
  service = await startService(loadConfig({ PORT: '0', DATA_DIR: dataDir }), { log: createLogger('silent') });
  const port = await freePort();
  playground = spawn(process.execPath, [PLAYGROUND_CLI, '-e', `${service.url}/api/messages`, '-c', 'msteams', '-p', String(port), '--disable-telemetry'], {
    env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  playground.stdout!.on('data', (d) => (output += d));
  playground.stderr!.on('data', (d) => (output += d));
  const listening = await waitUntil(() => /Listening on (\d+)/.exec(output)?.[1], 30_000, () => `the Playground did not start:\n${output}`);
  base = `http://127.0.0.1:${listening}`;

  const config = (await (await fetch(`${base}/_internal/v1/config`)).json()) as { config: { personalChat: { id: string }; currentUser: { id: string }; bot: { id: string } } };
  chatId = config.config.personalChat.id;
  me = config.config.currentUser.id;
  botId = config.config.bot.id;

  socket = new WebSocket(`ws://127.0.0.1:${listening}/_ws_conversation/v1/conversations/stream`);
  socket.onmessage = (e) => {
    const data = JSON.parse(String(e.data)) as { action: string; message?: PlaygroundMessage };
    if (data.action === 'createMessage' && data.message && data.message.from.id === botId) received.push(data.message);
  };
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
}, 60_000);

afterAll(async () => {
  socket?.close();
  if (playground && playground.exitCode === null) {
    const exited = new Promise((resolve) => playground.once('exit', resolve));
    playground.kill('SIGTERM');
    await exited;
  }
  await service?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function waitUntil<T>(probe: () => T | undefined, ms: number, why: () => string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== null && (v as unknown) !== false) return v;
    if (Date.now() > deadline) throw new Error(why());
    await new Promise((r) => setTimeout(r, 50));
  }
}

function wordsOfCard(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => wordsOfCard(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (typeof v === 'string' && ['text', 'title', 'label', 'value'].includes(k)) out.push(v.replace(/\\(.)/g, '$1'));
      else if (k !== 'speak' && k !== 'fallbackText' && k !== 'data') wordsOfCard(v, out);
    }
  }
  return out;
}
const words = (m: PlaygroundMessage) => [m.text ?? '', ...m.attachments.flatMap((a) => wordsOfCard(a.content))].join('\n');

/** Waits for the bot's messages after `from` until one matches `until`; returns them all. */
async function replies(from: number, until: RegExp): Promise<PlaygroundMessage[]> {
  return waitUntil(
    () => (received.slice(from).some((m) => until.test(words(m))) ? received.slice(from) : undefined),
    15_000,
    () => `no reply matching ${until} after:\n${received.slice(from).map(words).join('\n---\n')}`,
  );
}

async function post(path: string, body: unknown) {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status, await res.clone().text()).toBe(200);
}

const say = (text: string) => post(`/_conversation/v1/conversations/${chatId}/messages`, { from: { id: me }, text, textFormat: 'plain' });
const click = (message: PlaygroundMessage, title: string | RegExp, inputs: Record<string, unknown> = {}) => {
  const action = message.attachments.flatMap((a) => a.content.actions ?? []).find((a) => (typeof title === 'string' ? a.title === title : title.test(a.title)));
  if (!action?.data) throw new Error(`no action ${String(title)} in:\n${words(message)}`);
  return post('/_conversation/v1/submit', { conversation: { id: chatId }, from: { id: me }, replyToId: message.messageId, value: { ...action.data, ...inputs } });
};

describe('in Teams, through the Agents Playground', () => {
  it('welcomes on install, screens harm first, and reaches the duty outcome with cards, clicks and typed answers', async () => {
    let mark = received.length;
    await post(`/_debug/conversation/${chatId}/installation`, {});
    const welcome = await replies(mark, /help people who work with children/);
    expect(welcome[0]!.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');

    mark = received.length;
    await say('she told me her step-dad hits her');
    const screened = await replies(mark, /Is that right\?/);
    expect(words(screened[0]!), 'the duty numbers come first').toMatch(/01225 396312 or 01225 396313/);
    expect(words(screened[0]!)).toContain('999');

    mark = received.length;
    await click(screened.at(-1)!, 'Yes, that is right');
    const first = (await replies(mark, /immediate danger right now/)).at(-1)!;
    expect(words(first)).toContain('Why I ask');

    mark = received.length;
    await click(first, 'Next', { answer: 'no' });
    await replies(mark, /Do you think the child/);

    mark = received.length;
    await say('yeah');
    const outcome = (await replies(mark, /Review my answers/)).at(-1)!;
    const text = words(outcome);
    expect(text).toContain('Level 4: Request for Service from Social Care');
    expect(text).toMatch(/Source: (National guidance: )?[^\n]+ \([^\n]+\), section “/);
    expect(text).toContain('Phone: 01225 396312 or 01225 396313');
    expect(outcome.attachments[0]!.content.speak).toMatch(/^<speak /);
  });

  it('answers a stale card click politely instead of acting on it', async () => {
    const mark = received.length;
    await say('start again');
    await replies(mark, /Start again\? This clears/);
    const markYes = received.length;
    await say('yes');
    await replies(markYes, /Starting again/);
    const mark2 = received.length;
    await say('8 year old keeps coming in hungry and unwashed');
    const confirm = (await replies(mark2, /Is that right\?/)).at(-1)!;
    const mark3 = received.length;
    await click(confirm, 'Yes, that is right');
    await replies(mark3, /immediate danger right now/);
    const mark4 = received.length;
    await click(confirm, 'Yes, that is right');
    await replies(mark4, /earlier step/);
  });
});
