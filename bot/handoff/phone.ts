// Reading a call-back number as people write it: "01225 123456 (school office)",
// "07700 900123 ext 2", "+44 (0)7700 900123", "0117 496 0000 or 07700 900123". The text is kept as
// written (the duty team reads the note and the extension); only the digits of each number are
// checked, and a number that cannot be right gets the reason, so the re-ask can say what to fix.

/** The number itself: an optional +, digits, spaces, dots, dashes and brackets. */
const NUMBER = /\+?\(?\d[\d\s().-]*\d/g;
/** An extension after a number: "ext 2", "extension 204", "x 31", "ext. 2". */
const EXTENSION = /\b(?:ext(?:ension)?\.?|x)\s*\d{1,6}\b/gi;

export type PhoneReading = { ok: true; value: string } | { ok: false; reason: string };

const EXAMPLE = 'for example 01225 123456, or 07700 900123 ext 2';

/** Why one number's digits cannot be a phone number, or undefined when they can. */
function problemWith(number: string): string | undefined {
  const international = number.trimStart().startsWith('+') || /^00/.test(number.replace(/\D/g, ''));
  let digits = number.replace(/\D/g, '');
  if (international) {
    if (digits.startsWith('00')) digits = digits.slice(2);
    if (digits.startsWith('44')) {
      // "+44 (0)7700 900123": the bracketed 0 is not dialled from abroad.
      let national = digits.slice(2);
      if (/\(\s*0\s*\)/.test(number) && national.startsWith('0')) national = national.slice(1);
      if (national.length < 9 || national.length > 10) return `a UK number after +44 has 9 or 10 digits, and ${number.trim()} has ${national.length}`;
      return undefined;
    }
    if (digits.length < 7 || digits.length > 15) return `an international number has between 7 and 15 digits, and ${number.trim()} has ${digits.length}`;
    return undefined;
  }
  if (!digits.startsWith('0')) return `${number.trim()} has no area code: please type the whole number, starting with 0`;
  if (digits.length < 10 || digits.length > 11) return `a UK number has 10 or 11 digits, starting with 0, and ${number.trim()} has ${digits.length}`;
  return undefined;
}

export function readPhone(said: string): PhoneReading {
  const text = said.trim();
  if (!text) return { ok: false, reason: `Please type the phone number (${EXAMPLE}), or say "skip" if you would rather not give one.` };
  const numbers = (text.replace(EXTENSION, ' ').match(NUMBER) ?? []).filter((n) => n.replace(/\D/g, '').length >= 3);
  if (numbers.length === 0) return { ok: false, reason: `I could not find a phone number in that. Please type it in digits (${EXAMPLE}); a note such as "(school office)" after it is fine.` };
  for (const n of numbers) {
    const problem = problemWith(n);
    if (problem) return { ok: false, reason: `That does not look like a whole phone number: ${problem}. Please check it and type it again (${EXAMPLE}).` };
  }
  return { ok: true, value: text };
}
