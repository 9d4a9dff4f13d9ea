// The referrer hears the duty team's outcome in the conversation they used, without asking: on the
// local Direct Line channel (the web chat), through Microsoft's own client, the notice is a
// proactive message the bot sends through the same CloudAdapter/ConnectorClient path as Teams.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerAll, cardStep, referenceIn, startDutySummary } from './helpers/bot-client.ts';
import { wordsOf } from './helpers/conversation.ts';
import { directLineUser } from './helpers/directline-client.ts';
import { callJson, startTestService, type TestService } from './helpers/http.ts';
import { waitFor } from './helpers/wait.ts';

const TOKEN = 'duty-token-for-the-referrer-test-0123456789';
let t: TestService;
beforeAll(async () => {
  t = await startTestService('referrer-outcome', { DUTY_TOKEN: TOKEN });
});
afterAll(() => t?.stop());

const duty = (path: string, body: unknown) => callJson(t.service.url, 'POST', path, body, { authorization: `Bearer ${TOKEN}`, 'x-duty-name': 'Alex Duty' });

describe('the outcome told to a web chat referrer', () => {
  it('arrives in the same Direct Line conversation once recorded, with nothing sent by the user (the time it takes: npm run bench:notice)', { timeout: 90_000 }, async () => {
    const user = await directLineUser(t.service.url);
    const check = await answerAll(user, await startDutySummary(user));
    expect(cardStep(check).kind).toBe('check');
    const reference = referenceIn(await user.submit({ handoff: 'submit' }));
    expect(reference).toMatch(/^HX-/);
    const before = user.received.length;

    const r = await duty(`/api/duty/handoffs/${reference}/outcome`, { outcome: 'accepted-for-assessment', note: 'Allocated to a social worker' });
    expect(r.status).toBe(200);
    const notice = await user.waitForWords(new RegExp(`outcome for the summary you sent \\(reference ${reference}\\)`), before, 5_000);
    expect(wordsOf(notice)).toContain('Accepted for assessment');
    expect(wordsOf(notice)).toContain('Allocated to a social worker');
    // Proactive: a new message in the conversation, not a reply to anything the user sent.
    expect(notice.replyToId).toBeUndefined();
    expect(notice.conversation?.id).toBe(user.conversationId);
    await waitFor('the notice marked delivered', async () => (await t.service.handoff.store.outbox.forReference(reference!)).find((o) => o.kind === 'referrer-outcome')?.state === 'delivered');
    expect((await t.service.handoff.store.outbox.forReference(reference!)).find((o) => o.kind === 'referrer-outcome')).toMatchObject({ state: 'delivered', attempts: 1 });
    expect((await t.service.handoff.audit.entries({ reference: reference! })).map((e) => e.action)).toContain('referrer-told-outcome');
    user.end();
  });
});
