// Handoff references such as "HX-7K3-9RE": read aloud on the phone to the duty team, so they use
// only characters that cannot be confused when spoken or handwritten (no 0/O, 1/I/L, 5/S, 2/Z,
// 8/B, U/V, Q/O), carry no personal data, and end with a check character so a misheard reference is
// caught rather than matched to the wrong child.
import { randomInt } from 'node:crypto';

export const REFERENCE_ALPHABET = '34679ACDEFGHJKMNPRTWXY';
const BODY_LENGTH = 5;
export const REFERENCE_PATTERN = new RegExp(`^HX-[${REFERENCE_ALPHABET}]{3}-[${REFERENCE_ALPHABET}]{3}$`);

/** Luhn mod N over the alphabet (N must be even for it to catch every single wrong character; it also catches most swaps of neighbours). */
function checkCharacter(body: string): string {
  const n = REFERENCE_ALPHABET.length;
  let factor = 2;
  let sum = 0;
  for (let i = body.length - 1; i >= 0; i--) {
    let addend = factor * REFERENCE_ALPHABET.indexOf(body[i]!);
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / n) + (addend % n);
    sum += addend;
  }
  return REFERENCE_ALPHABET[(n - (sum % n)) % n]!;
}

export function newReference(random: (max: number) => number = randomInt): string {
  let body = '';
  for (let i = 0; i < BODY_LENGTH; i++) body += REFERENCE_ALPHABET[random(REFERENCE_ALPHABET.length)];
  const chars = body + checkCharacter(body);
  return `HX-${chars.slice(0, 3)}-${chars.slice(3)}`;
}

/** A reference as someone might type it ("hx 7k3 9qf"), tidied; undefined unless well-formed and its check character agrees. */
export function parseReference(input: string): string | undefined {
  const chars = input.toUpperCase().replace(/[^0-9A-Z]/g, '').replace(/^HX/, '');
  if (chars.length !== BODY_LENGTH + 1) return undefined;
  const formatted = `HX-${chars.slice(0, 3)}-${chars.slice(3)}`;
  if (!REFERENCE_PATTERN.test(formatted)) return undefined;
  return checkCharacter(chars.slice(0, BODY_LENGTH)) === chars[BODY_LENGTH] ? formatted : undefined;
}

/** For speech: each character on its own, the groups separated by a pause. */
export function spokenReference(reference: string): string {
  return reference.split('-').map((group) => group.split('').join(' ')).join(', ');
}
