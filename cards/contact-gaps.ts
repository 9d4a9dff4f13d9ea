// What we say where a number is missing or was set locally. One set of words for the consultation
// (harm alert and outcome), the summary's closing message and the cancelled summary, so a
// practitioner in an area without a duty number hears the same plain thing everywhere:
// - there is no number here, and why (the guidance gives none, the council has not set one);
// - 999 if the child is in immediate danger (national, not from the local guidance);
// - the documented route (the procedures the pack cites, with their address);
// - their own safeguarding lead or local procedures until the council sets the number.
// Never "ring now and quote the reference" when there is nothing to ring.
import type { SpeechPart } from './ssml.ts';

export interface GapContact {
  name: string;
  phones: readonly string[];
  urls: readonly string[];
  needsLocalConfiguration: boolean;
  setLocally?: { by: string; on: string };
}

/** The duty contact the guidance names but gives no number for (not the national 999). */
export function missingNumber<C extends GapContact>(contacts: readonly C[]): C | undefined {
  const local = contacts.filter((c) => !c.phones.includes('999'));
  if (local.some((c) => c.phones.length > 0)) return undefined;
  return local.find((c) => c.needsLocalConfiguration && c.phones.length === 0);
}

/** Where the documented route is written down: contacts with an address but no number (procedures). */
function documentedRoute(contacts: readonly GapContact[]): string {
  const procedures = contacts.filter((c) => !c.needsLocalConfiguration && c.phones.length === 0 && c.urls.length > 0);
  if (!procedures.length) return 'the local safeguarding children procedures';
  return procedures.map((c) => `the ${c.name} (${c.urls.join(', ')})`).join(' and ');
}

export function noNumberLines(missing: GapContact, contacts: readonly GapContact[], localityName: string): string[] {
  return [
    `No phone number is set up here for the ${missing.name}: the ${localityName} guidance we hold gives none, and the council has not set one yet.`,
    'If the child is in immediate danger, ring 999 now.',
    `Otherwise make the referral without delay by the documented route: ${documentedRoute(contacts)}.`,
    'Until the council sets the number, talk to your own safeguarding lead (DSL) or follow your organisation’s local safeguarding procedures to reach the duty team.',
  ];
}

export function noNumberSpeech(missing: GapContact): SpeechPart[] {
  return [
    `No phone number is set up here for the ${missing.name}.`,
    'If the child is in immediate danger, ring 999 now.',
    'Otherwise follow the local safeguarding procedures, and talk to your own safeguarding lead until the council sets the number.',
  ];
}

const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "Set by the council (Duty manager, Leicester City Council, 3 December 2026), not taken from the guidance." */
export function setLocallyLine(s: { by: string; on: string }): string {
  return `Set by the council (${s.by}, ${DAY.format(new Date(`${s.on}T00:00:00Z`))}), not taken from the published guidance.`;
}
