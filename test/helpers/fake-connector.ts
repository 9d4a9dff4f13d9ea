// A fake Bot Connector (and the one Microsoft Graph call reconciliation makes) on loopback: the
// edge we cannot reach from here. It implements the endpoints the botbuilder ConnectorClient calls
// for proactive messages, records every activity it accepts, and can be told to fail: refuse the
// next N creates with an HTTP error (nothing created), or accept a create and then drop the
// connection before answering (created, but the sender cannot know).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  id: string;
  conversationId: string;
  activity: Record<string, unknown>;
  createdAt: string;
  deleted?: boolean;
  updates: Record<string, unknown>[];
}

export interface FakeConnector {
  url: string;
  /** Every activity created, in order (deleted ones flagged). */
  created: Recorded[];
  /** Every request seen: method and path. */
  requests: { method: string; path: string; status: number }[];
  /** The next `n` creates fail with `status` and create nothing. */
  failNextCreates(n: number, status?: number): void;
  /** The next `n` creates are stored, then the connection is destroyed before any answer. */
  dropNextCreateResponses(n: number): void;
  /** Delay every answer by a random time up to `ms` (to let a kill land mid-request). */
  setLatency(ms: number): void;
  /** Called after a create is stored and before it is answered (a test can kill the sender here). */
  onCreate(hook: ((rec: Recorded) => void | Promise<void>) | undefined): void;
  /**
   * Called when a create arrives, before anything is stored; answering 'drop' stores nothing and
   * closes the connection (the sender died, or the network failed, before the post was made).
   */
  beforeCreate(hook: ((conversationId: string, activity: Record<string, unknown>) => 'drop' | void | Promise<'drop' | void>) | undefined): void;
  /** Posts in a conversation whose text or card carries `needle` (not deleted). */
  postsCarrying(needle: string, conversationId?: string): Recorded[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const created: Recorded[] = [];
  const requests: FakeConnector['requests'] = [];
  let failures: { n: number; status: number } = { n: 0, status: 503 };
  let drops = 0;
  let latency = 0;
  let seq = 0;
  let createHook: ((rec: Recorded) => void | Promise<void>) | undefined;
  let beforeHook: ((conversationId: string, activity: Record<string, unknown>) => 'drop' | void | Promise<'drop' | void>) | undefined;

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const create = async (conversationId: string, activity: Record<string, unknown>, res: ServerResponse, path: string) => {
    if (failures.n > 0) {
      failures.n--;
      requests.push({ method: 'POST', path, status: failures.status });
      return send(res, failures.status, { error: { code: 'ServiceError', message: 'injected failure' } });
    }
    if ((await beforeHook?.(conversationId, activity)) === 'drop') {
      requests.push({ method: 'POST', path, status: 0 });
      res.socket?.destroy();
      return;
    }
    const id = `1${String(Date.now()).slice(-9)}${String(++seq).padStart(4, '0')}`;
    const rec: Recorded = { id, conversationId, activity, createdAt: new Date().toISOString(), updates: [] };
    created.push(rec);
    await createHook?.(rec);
    if (drops > 0) {
      drops--;
      requests.push({ method: 'POST', path, status: 0 });
      res.socket?.destroy();
      return;
    }
    requests.push({ method: 'POST', path, status: 201 });
    send(res, 201, { id });
  };

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const body = await readBody(req);
    if (latency) await new Promise((r) => setTimeout(r, Math.random() * latency));
    const json = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    let m: RegExpExecArray | null;
    if (req.method === 'POST' && (m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path))) {
      return create(decodeURIComponent(m[1]!), json, res, path);
    }
    if (req.method === 'PUT' && (m = /^\/v3\/conversations\/([^/]+)\/activities\/([^/]+)$/.exec(path))) {
      const rec = created.find((c) => c.id === decodeURIComponent(m![2]!) && c.conversationId === decodeURIComponent(m![1]!));
      requests.push({ method: 'PUT', path, status: rec ? 200 : 404 });
      if (!rec) return send(res, 404, { error: { code: 'NotFound' } });
      rec.updates.push(json);
      return send(res, 200, { id: rec.id });
    }
    if (req.method === 'DELETE' && (m = /^\/v3\/conversations\/([^/]+)\/activities\/([^/]+)$/.exec(path))) {
      const rec = created.find((c) => c.id === decodeURIComponent(m![2]!));
      if (rec) rec.deleted = true;
      requests.push({ method: 'DELETE', path, status: 200 });
      return send(res, 200, {});
    }
    if (req.method === 'GET' && (m = /^\/v1\.0\/teams\/([^/]+)\/channels\/([^/]+)\/messages$/.exec(path))) {
      const channel = decodeURIComponent(m[2]!);
      requests.push({ method: 'GET', path, status: 200 });
      const value = created
        .filter((c) => c.conversationId === channel && !c.deleted)
        .reverse()
        .map((c) => ({
          id: c.id,
          createdDateTime: c.createdAt,
          body: { contentType: 'html', content: String(c.activity.text ?? '') },
          attachments: ((c.activity.attachments as Array<{ content: unknown }> | undefined) ?? []).map((a) => ({ content: JSON.stringify(a.content) })),
        }));
      return send(res, 200, { value });
    }
    requests.push({ method: req.method ?? '?', path, status: 404 });
    send(res, 404, { error: { code: 'NotFound' } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  const carries = (c: Recorded, needle: string) => JSON.stringify(c.activity).includes(needle);
  return {
    url,
    created,
    requests,
    failNextCreates: (n, status = 503) => (failures = { n, status }),
    dropNextCreateResponses: (n) => (drops = n),
    setLatency: (ms) => (latency = ms),
    onCreate: (hook) => (createHook = hook),
    beforeCreate: (hook) => (beforeHook = hook),
    postsCarrying: (needle, conversationId) => created.filter((c) => !c.deleted && carries(c, needle) && (!conversationId || c.conversationId === conversationId)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
