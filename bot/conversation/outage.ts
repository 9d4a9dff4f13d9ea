// What a practitioner is told when the database does not answer during their turn: plainly that
// nothing could be saved, and, when harm may be indicated, the duty numbers to ring now rather than
// wait for the service. Harm may be indicated when what they just wrote screens for it (the screen
// is pure and needs no database) or when the turn was a step of the duty summary (which only
// exists once harm was indicated). Uncertainty resolves upward: an uncertain indicator counts.
// The conversation's area is in its state, which cannot be read now, so every loaded area's duty
// numbers are given, each under its area's name.
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
export const OUTAGE_NOT_SENT = 'If you were sending a duty summary, it has NOT been sent: do not wait for it to arrive.';
const IMMEDIATE = 'If a child is in immediate danger, ring 999.';

/** Each area's duty contacts from its pack (as triage gives them at level 4), 999 left to the last line. */
function dutyLines(knowledge: Knowledge): string[] {
  const lines: string[] = [];
  for (const pack of knowledge.packs.values()) {
    const t = triage(knowledge, { answers: { harm: 'yes' }, locality: pack.id }, { defaultLocality: pack.id });
    const duty = t.contacts.filter((c) => c.phones.some((p) => p !== '999'));
    if (duty.length) for (const c of duty) lines.push(`${pack.manifest.name}, ${c.name}: ${c.phones.filter((p) => p !== '999').join(' or ')}`);
    else lines.push(`${pack.manifest.name}: no duty number is configured in this service; use your local safeguarding procedures.`);
  }
  return lines;
}

function harmIndicated(deps: OutageDeps, activity: Partial<Activity>): boolean {
  const value = activity.value as Record<string, unknown> | undefined;
  if (value && typeof value === 'object' && 'handoff' in value) return true;
  const text = typeof activity.text === 'string' ? activity.text.slice(0, 5000) : '';
  if (!text.trim()) return false;
  try {
    const t = triage(deps.knowledge, { text }, { defaultLocality: deps.defaultLocality, understanding: deps.understanding });
    return t.level === 4 || t.harmIndicated || t.indicators.some((i) => i.harm && i.status !== 'negated');
  } catch {
    // A text the screen cannot read: uncertainty about harm resolves upward.
    return true;
  }
}

export function outageReply(deps: OutageDeps, activity: Partial<Activity>): Partial<Activity> {
  const lines = [OUTAGE_MESSAGE];
  const value = activity.value as Record<string, unknown> | undefined;
  if (value && typeof value === 'object' && 'handoff' in value) lines.push(OUTAGE_NOT_SENT);
  if (harmIndicated(deps, activity)) {
    lines.push('A child may be at risk of harm. Do not wait for me: ring the duty team now.');
    lines.push(...dutyLines(deps.knowledge));
  } else {
    lines.push('If you are worried a child is at risk of harm, ring your duty team now.');
  }
  lines.push(IMMEDIATE);
  return { type: 'message', text: lines.join('\n\n'), textFormat: 'plain', speak: ssml(...lines), inputHint: 'acceptingInput' };
}
