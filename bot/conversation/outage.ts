// What a practitioner is told when the database does not answer during their turn: plainly that
// nothing could be saved, and, when what they just wrote indicates harm (the screen is pure and
// needs no database), the duty numbers to ring now rather than wait for the service.
import type { Activity } from 'botbuilder';
import { ssml } from '../../cards/ssml.ts';
import type { Knowledge } from '../../knowledge/load.ts';
import { triage } from '../../knowledge/triage.ts';
import type { Understanding } from '../../knowledge/understand/index.ts';

export interface OutageDeps {
  knowledge: Knowledge;
  understanding: Understanding;
  defaultLocality: string;
}

export const OUTAGE_MESSAGE = 'Sorry, I cannot reach my records just now, so I could not save this step or carry on from where we were. Please try again in a few minutes.';
const IMMEDIATE = 'If a child is in immediate danger, ring 999.';

export function outageReply(deps: OutageDeps, activity: Partial<Activity>): Partial<Activity> {
  const lines = [OUTAGE_MESSAGE];
  const text = typeof activity.text === 'string' ? activity.text.slice(0, 5000) : '';
  let contacts: { name: string; phones: string[] }[] = [];
  if (text.trim()) {
    try {
      const t = triage(deps.knowledge, { text }, { defaultLocality: deps.defaultLocality, understanding: deps.understanding });
      // Uncertainty about harm resolves upward: an uncertain harm indicator counts.
      const harm = t.level === 4 || t.indicators.some((i) => i.harm && i.status !== 'negated');
      if (harm) contacts = t.contacts.filter((c) => c.phones.length);
    } catch {
      // A text the screen cannot read still gets the message and 999.
    }
  }
  if (contacts.length) {
    lines.push('From what you have told me, a child may be at risk of harm. Do not wait for me: ring the duty team now.');
    for (const c of contacts) lines.push(`${c.name}: ${c.phones.join(' or ')}`);
  } else {
    lines.push('If you are worried a child is at risk of harm, ring your duty team now.');
  }
  lines.push(IMMEDIATE);
  const message = lines.join('\n\n');
  return { type: 'message', text: message, textFormat: 'plain', speak: ssml(...lines), inputHint: 'acceptingInput' };
}
