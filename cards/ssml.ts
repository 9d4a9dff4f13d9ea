// SSML for the `speak` of every outgoing activity. Built from plain text, never by pasting user
// text into markup: every piece is XML-escaped, and phone numbers are read digit by digit with
// a pause between the groups the source prints ("01225 396312" is "0 1 2 2 5, 3 9 6 3 1 2").
const NS = 'http://www.w3.org/2001/10/synthesis';

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // Characters XML 1.0 does not allow at all (control characters) are dropped.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

/** A phone number as SSML: digits one by one, a short pause between the printed groups. */
export function sayPhone(number: string): string {
  return number
    .trim()
    .split(/\s+/)
    .map((group) => group.replace(/\D/g, '').split('').join(' '))
    .filter(Boolean)
    .join(' <break time="300ms"/> ');
}

/** One spoken piece: plain text (escaped here) or a phone number. */
export type SpeechPart = string | { phone: string } | { pause: number };

/** Phone numbers inside plain text (as printed in the packs: digits and single spaces). */
const PHONE_IN_TEXT = /\b(?:0\d{2,4}(?: ?\d{3,8}){1,2}|999)\b/g;

/** Plain text to SSML content: escaped, with any phone number in it read digit by digit. */
export function speakText(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(PHONE_IN_TEXT)) {
    out += escapeXml(text.slice(last, m.index)) + sayPhone(m[0]);
    last = m.index + m[0].length;
  }
  return out + escapeXml(text.slice(last));
}

/** A complete SSML document from parts. */
export function ssml(...parts: SpeechPart[]): string {
  const body = parts
    .map((p) => (typeof p === 'string' ? speakText(p) : 'phone' in p ? sayPhone(p.phone) : `<break time="${Math.round(p.pause)}ms"/>`))
    .filter((s) => s.trim() !== '')
    .join(' ');
  return `<speak version="1.0" xmlns="${NS}" xml:lang="en-GB">${body}</speak>`;
}
