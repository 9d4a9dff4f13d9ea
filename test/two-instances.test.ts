// Two instances of the service on one PostgreSQL database, as a council runs it behind a load
// balancer: each is the real service (bot/index.ts, as `npm start` runs it) in its own process,
// both on a fresh database of the run's throwaway cluster, both posting to a fake Bot Connector
// (and the Microsoft Graph call reconciliation makes) on loopback.
// - a conversation begun on one continues on the other, turn by turn;
// - a handoff confirmed on one appears exactly once on the other's duty page, and reaches the
//   duty channel exactly once;
// - the instance holding a delivery claim is SIGKILLed, round after round, either before its post
//   reached the connector or just after (the post exists, the instance never learnt it): the other
//   instance completes every delivery, exactly once. Each round restarts the killed instance (about
//   1.5 s on a quiet machine, so about 40 s in all; the timeout allows for a loaded one).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HandoffStore } from '../bot/handoff/store.ts';
import { openPostgres } from '../bot/storage/postgres.ts';
import type { Database } from '../bot/storage/sql.ts';
import { answerAll, botClient, cardStep, referenceIn, startDutySummary, type BotClient } from './helpers/bot-client.ts';
import { type ChildService, startChildService } from './helpers/child-service.ts';
import { startFakeConnector, type FakeConnector } from './helpers/fake-connector.ts';
import { submitHandoff } from './helpers/handoff.ts';
import { createPostgresDatabase } from './helpers/postgres.ts';
import { waitFor } from './helpers/wait.ts';

const ROUNDS = 20;
const CHANNEL = '19:duty@thread.tacv2';
const TOKEN = 'duty-token-for-two-instances-0123456789';

let fake: FakeConnector;
let databaseUrl: string;
let db: Database;
const instances: ChildService[] = [];

function start(name: string): Promise<ChildService> {
  return startChildService(`two-${name}`, {
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '4',
    LOG_LEVEL: 'info',
    DUTY_TOKEN: TOKEN,
    DUTY_CHANNEL_ID: CHANNEL,
    DUTY_SERVICE_URL: fake.url,
    DUTY_TEAM_ID: 'duty-group',
    GRAPH_BASE_URL: fake.url,
    DELIVERY_BASE_DELAY_MS: '20',
    DELIVERY_MAX_DELAY_MS: '200',
    // A claim's lease is twice this: a dead holder's claim is taken over after about 0.6 s.
    DELIVERY_ATTEMPT_TIMEOUT_MS: '300',
    DELIVERY_RECONCILE_DELAY_MS: '0',
    DELIVERY_POLL_MS: '50',
  });
}

const duty = async (instance: ChildService) => {
  const res = await fetch(`${instance.url}/api/duty/handoffs`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { handoffs: { reference: string; delivery: string }[] }).handoffs;
};

/** One practitioner whose turns go to the two instances in turn, as a balancer might send them. */
function alternating(a: BotClient, b: BotClient): Pick<BotClient, 'say' | 'submit'> & { counts: number[] } {
  const counts = [0, 0];
  let i = 0;
  const pick = () => (i++ % 2 === 0 ? (counts[0]!++, a) : (counts[1]!++, b));
  return { counts, say: (text) => pick().say(text), submit: (value) => pick().submit(value) };
}

beforeAll(async () => {
  fake = await startFakeConnector();
  databaseUrl = await createPostgresDatabase();
  // Both start together: the migrations run once, under the advisory lock, whoever is first.
  instances.push(...(await Promise.all([start('a'), start('b')])));
  db = openPostgres({ url: databaseUrl, poolSize: 2, connectTimeoutMs: 5000, statementTimeoutMs: 10_000 });
}, 90_000);

afterAll(async () => {
  await Promise.all(instances.map((i) => i.stop()));
  await db?.close();
  await fake?.close();
});

describe('two instances on one PostgreSQL database', () => {
  it('started together, they applied each migration once', async () => {
    const rows = await db.all<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => Number(r.version))).toEqual(rows.map((_, i) => i + 1));
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(instances[0]!.instance).not.toBe(instances[1]!.instance);
  });

  it('a conversation begun on one continues on the other, and its handoff appears once on the other’s duty page', async () => {
    const [a, b] = instances as [ChildService, ChildService];
    const options = { channelId: 'msteams', serviceUrl: fake.url, conversationId: 'a:two-instances-1', userId: '29:two-user', userName: 'Sam Taylor' };
    const who = alternating(botClient(a.url, options), botClient(b.url, options));
    const first = await startDutySummary(who);
    expect(cardStep(first).kind).toBe('question');
    const check = await answerAll(who, first);
    expect(cardStep(check).kind).toBe('check');
    // Every turn was answered from the state the other instance had written.
    expect(who.counts[0]).toBeGreaterThan(5);
    expect(who.counts[1]).toBeGreaterThan(5);
    const sentOnA = await botClient(a.url, options).submit({ handoff: 'submit' });
    const reference = referenceIn(sentOnA);
    expect(reference).toMatch(/^HX-/);
    const onB = (await duty(b)).filter((h) => h.reference === reference);
    expect(onB).toHaveLength(1);
    // Sent again on B (a double press reaching the other instance): the same reference, no second handoff.
    expect(referenceIn(await botClient(b.url, options).submit({ handoff: 'submit' }))).toBe(reference);
    await waitFor('the duty post', async () => (await duty(b)).find((h) => h.reference === reference)?.delivery === 'delivered', 15_000, 50);
    expect((await duty(a)).filter((h) => h.reference === reference)).toHaveLength(1);
    expect(fake.postsCarrying(reference!, CHANNEL)).toHaveLength(1);
  });

  it(`the instance holding a delivery claim is SIGKILLed; the other completes it exactly once, ${ROUNDS} rounds`, { timeout: 600_000 }, async () => {
    const store = new HandoffStore(db);
    const modes = { 'before the post': 0, 'at the post': 0 };
    const killed = new Map<string, number>();
    const references: string[] = [];
    const timings: { kill: number; takeover: number; restart: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const mode = round % 2 === 0 ? 'before the post' : 'at the post';
      let victim: ChildService | undefined;
      let reference = '';
      // The post is known by a word in its summary: a worker may post before submit() returns.
      const marker = `Roundmark${round}x${Date.now() % 100_000}`;
      // Whoever's worker claimed this round's post is killed when the post reaches the connector.
      const holderOf = async () => {
        const row = await db.get<{ lease_owner: string | null }>(
          "SELECT o.lease_owner FROM handoff_outbox o JOIN handoff h ON h.reference = o.reference WHERE h.summary LIKE ? AND o.kind = 'duty-post' AND o.state = 'in-flight'",
          [`%${marker}%`],
        );
        return instances.find((i) => i.instance === row?.lease_owner);
      };
      const killHolder = async () => {
        victim = await holderOf();
        expect(victim, 'the claim names a live instance').toBeDefined();
        await victim!.kill();
      };
      const ours = (activity: Record<string, unknown>) => JSON.stringify(activity).includes(marker);
      if (mode === 'before the post') {
        fake.beforeCreate(async (conversationId, activity) => {
          if (conversationId !== CHANNEL || !ours(activity) || victim) return;
          await killHolder();
          return 'drop';
        });
      } else {
        fake.onCreate(async (rec) => {
          if (rec.conversationId !== CHANNEL || !ours(rec.activity) || victim) return;
          await killHolder();
        });
      }
      // The handoff is stored as a confirmation stores it (with its outbox row, in one transaction);
      // whichever instance polls first claims it.
      const t0 = Date.now();
      reference = await submitHandoff(store, `two-instances-round-${round}`, { overrides: { setting: `${marker} Primary` } });
      references.push(reference);
      await waitFor(`round ${round}: the holder killed`, () => victim, 15_000, 10);
      modes[mode]++;
      killed.set(victim!.instance, (killed.get(victim!.instance) ?? 0) + 1);
      const t1 = Date.now();
      const survivor = instances.find((i) => i !== victim)!;
      // Restart the killed instance while the survivor takes the claim over.
      const restarting = start(`restart-${round}`);
      await waitFor(`round ${round}: delivered by the survivor`, async () => {
        const row = await db.get<{ state: string }>("SELECT state FROM handoff_outbox WHERE reference = ? AND kind = 'duty-post'", [reference]);
        return row?.state === 'delivered';
      }, 20_000, 25);
      const t2 = Date.now();
      fake.beforeCreate(undefined);
      fake.onCreate(undefined);
      expect(fake.postsCarrying(reference, CHANNEL), `round ${round} (${mode}): one post`).toHaveLength(1);
      expect((await duty(survivor)).filter((h) => h.reference === reference)).toHaveLength(1);
      instances[instances.indexOf(victim!)] = await restarting;
      timings.push({ kill: t1 - t0, takeover: t2 - t1, restart: Date.now() - t1 });
      await victim!.stop();
    }
    // Every post, once; each attempt the dead holder began was counted.
    for (const reference of references) expect(fake.postsCarrying(reference, CHANNEL), reference).toHaveLength(1);
    const attempts = await db.all<{ attempts: number; last_result: string }>(
      `SELECT attempts, last_result FROM handoff_outbox WHERE kind = 'duty-post' AND reference IN (${references.map(() => '?').join(', ')})`,
      references,
    );
    expect(attempts).toHaveLength(ROUNDS);
    expect(attempts.every((r) => Number(r.attempts) >= 1)).toBe(true);
    expect(modes).toEqual({ 'before the post': ROUNDS / 2, 'at the post': ROUNDS / 2 });
    // "At the post" kills left a post the holder never heard about: the survivor found it by
    // reconciliation instead of posting again.
    expect(attempts.filter((r) => r.last_result?.includes('reconcil')).length).toBeGreaterThan(0);
    const p50 = (k: 'kill' | 'takeover' | 'restart') => timings.map((t) => t[k]).sort((a, b) => a - b)[Math.floor(timings.length / 2)];
    console.log(`two instances: ${ROUNDS} holders SIGKILLed (${JSON.stringify([...killed.values()])} per instance), every post once; p50 claim-to-kill ${p50('kill')} ms, kill-to-delivered ${p50('takeover')} ms, restart ${p50('restart')} ms`);
  });
});
