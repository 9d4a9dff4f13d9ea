// How soon a web chat referrer hears the duty team's outcome: the real service on loopback, a
// Direct Line conversation with its WebSocket stream open (as Web Chat keeps it), a handoff made
// from that conversation, then the outcome recorded through the duty page's API. Prints the time
// from the API call to the notice arriving on the stream (median, p95, worst) over ROUNDS rounds.
//   npm run bench:notice
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { loadConfig } from '../bot/config.ts';
import { draftOf, next, startFlow } from '../bot/handoff/flow.ts';
import { createLogger } from '../bot/log.ts';
import { startService } from '../bot/service.ts';
import { triage } from '../knowledge/triage.ts';

const ROUNDS = 30;
const TOKEN = 'duty-token-for-the-notice-bench-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'bench-notice-'));
const service = await startService(loadConfig({ PORT: '0', DATA_DIR: dir, DUTY_TOKEN: TOKEN }), { log: createLogger('silent'), handoff: { announceToken: () => {}, announceBoardToken: () => {} } });
const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(service.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return (await res.json()) as Record<string, unknown>;
};

/** A summary answered with the first option or a short answer, stored as the turn handler stores it. */
async function store(key: string, referrerConversation: Record<string, unknown>): Promise<string> {
  let s = startFlow({ triage: triage(service.knowledge, { locality: 'bathnes', answers: { harm: 'yes' } }, { defaultLocality: 'bathnes' }), concern: 'A pupil said she is hit at home.' });
  for (let i = 0; s.prompt.kind === 'question' && i < 60; i++) {
    const q = s.prompt.question;
    const answer = q.kind === 'choice' ? q.options![0]!.value : q.kind === 'phone' ? '01225 000000' : q.id === 'childAge' ? '9' : 'JB';
    s = next(s.state, { value: { handoff: 'answer', field: q.id, answer } });
  }
  if (s.prompt.kind !== 'check') throw new Error('the bench summary did not reach check your answers');
  const state = s.state;
  return (await service.handoff.store.submit({ draftKey: key, draft: draftOf(state), referrerConversation, finalState: (reference) => next(state, { stored: { reference } }).state })).reference;
}

const times: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const grant = await post('/v3/directline/tokens/generate', {});
  const auth = { authorization: `Bearer ${String(grant.token)}` };
  const started = await post('/v3/directline/conversations', {}, auth);
  const ws = new WebSocket(String(started.streamUrl));
  const messages: string[] = [];
  ws.on('message', (m) => messages.push(String(m)));
  await new Promise((resolve) => ws.once('open', resolve));
  const reference = await store(`bench|${r}`, {
    channelId: 'directline',
    serviceUrl: `${service.url}/v3/directline/connector/`,
    conversation: { id: String(grant.conversationId) },
    bot: { id: 'early-help-guide', name: 'Early help guide', role: 'bot' },
    user: { id: String(grant.userId), role: 'user' },
  });
  const t0 = performance.now();
  const arrived = new Promise<number>((resolve) => {
    const check = () => (messages.some((m) => m.includes(`reference ${reference}`)) ? resolve(performance.now()) : setTimeout(check, 1));
    check();
  });
  await post(`/api/duty/handoffs/${reference}/outcome`, { outcome: 'no-further-action' }, { authorization: `Bearer ${TOKEN}`, 'x-duty-name': 'Bench' });
  times.push((await arrived) - t0);
  ws.close();
}
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
console.log(`outcome recorded (duty API) -> notice on the web chat's Direct Line stream, ${ROUNDS} rounds: median ${at(0.5)} ms, p95 ${at(0.95)} ms, worst ${times.at(-1)!.toFixed(1)} ms`);
console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`);
await service.stop();
rmSync(dir, { recursive: true, force: true });
