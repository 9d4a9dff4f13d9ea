// Stands in for the conversation (issue 4) until it is merged: POST /api/messages on the real
// CloudAdapter, the handoff seam called first on every activity, and any other message treated as
// a consultation that found harm, which starts the handoff flow from a real triage. When the real
// conversation lands, tests and the kill fixture use it instead of this file.
import type { Request, Response, Server } from 'restify';
import type { CloudAdapter } from 'botbuilder';
import type { Knowledge } from '../../knowledge/load.ts';
import { triage } from '../../knowledge/triage.ts';
import type { HandoffParts } from '../../bot/handoff/compose.ts';

export function registerStandInConversation(server: Server, parts: { adapter: CloudAdapter; handoff: HandoffParts; knowledge: Knowledge; defaultLocality: string }): void {
  const { adapter, handoff, knowledge, defaultLocality } = parts;
  server.post('/api/messages', async (req: Request, res: Response) => {
    await adapter.process(req, res, async (context) => {
      if (await handoff.flow.onTurn(context)) return;
      const a = context.activity;
      if (a.type !== 'message' || typeof a.text !== 'string' || a.text.trim() === '') return;
      const locality = /leicester/i.test(a.text) ? 'leicester' : defaultLocality;
      const result = triage(knowledge, { locality, answers: { harm: 'yes' } }, { defaultLocality });
      await handoff.flow.start(context, { triage: result, concern: a.text });
    });
  });
}
