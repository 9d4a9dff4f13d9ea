// The local Direct Line 3.0 endpoint with Microsoft's own client (botframework-directlinejs, polling
// through xhr2): a conversation is issued by the server, the bot answers through the connector,
// and a second token cannot read the first token's conversation.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callJson, startTestService, type TestService } from './helpers/http.ts';

const require = createRequire(import.meta.url);
(globalThis as Record<string, unknown>).XMLHttpRequest ??= require('xhr2');
const { DirectLine, ConnectionStatus } = require('botframework-directlinejs') as typeof import('botframework-directlinejs');

let t: TestService;
beforeAll(async () => {
  t = await startTestService('directline');
});
afterAll(() => t?.stop());

const generate = async () => (await callJson(t.service.url, 'POST', '/v3/directline/tokens/generate', {})).json as { token: string; conversationId: string; userId: string };

describe('the local Direct Line endpoint', () => {
  it('welcomes through botframework-directlinejs and answers a message through the connector', async () => {
    const grant = await generate();
    const dl = new DirectLine({ domain: `${t.service.url}/v3/directline`, token: grant.token, webSocket: false, pollingInterval: 200 });
    const texts: string[] = [];
    const sub = dl.activity$.subscribe((a) => {
      if (a.type === 'message' && a.from.role === 'bot') texts.push(JSON.stringify(a));
    });
    await expect.poll(() => texts.join(' '), { timeout: 10_000 }).toContain('help people who work with children');
    const seen = texts.length;
    await new Promise((resolve, reject) => dl.postActivity({ type: 'message', text: 'she told me her step-dad hits her', from: { id: grant.userId } }).subscribe(resolve, reject));
    await expect.poll(() => texts.slice(seen).join(' '), { timeout: 10_000 }).toContain('Talk to the duty team now');
    sub.unsubscribe();
    dl.end();
  });

  it('refuses a second token the first conversation (403), through the client and over HTTP', async () => {
    const first = await generate();
    const second = await generate();
    expect(second.conversationId).not.toBe(first.conversationId);
    const read = await callJson(t.service.url, 'GET', `/v3/directline/conversations/${first.conversationId}/activities`, undefined, { authorization: `Bearer ${second.token}` });
    expect(read.status).toBe(403);
    const write = await callJson(t.service.url, 'POST', `/v3/directline/conversations/${first.conversationId}/activities`, { type: 'message', text: 'hello' }, { authorization: `Bearer ${second.token}` });
    expect(write.status).toBe(403);
    const statuses: number[] = [];
    const dl = new DirectLine({ domain: `${t.service.url}/v3/directline`, token: second.token, conversationId: first.conversationId, webSocket: false });
    const got: unknown[] = [];
    const sub = dl.activity$.subscribe((a) => got.push(a), () => undefined);
    dl.connectionStatus$.subscribe((s) => statuses.push(s));
    await expect.poll(() => statuses, { timeout: 10_000 }).toContain(ConnectionStatus.FailedToConnect);
    expect(got).toEqual([]);
    sub.unsubscribe();
  });

  it('refuses the connector to anyone but the bot', async () => {
    const grant = await generate();
    const res = await callJson(t.service.url, 'POST', `/v3/directline/connector/v3/conversations/${grant.conversationId}/activities`, { type: 'message', text: 'ring 0800 000000' }, { authorization: `Bearer ${grant.token}` });
    expect(res.status).toBe(401);
  });
});
