// Escaping for what goes into Adaptive Cards and chat text. Cards are built as objects (never by
// templating JSON), so JSON injection is impossible by construction; what remains is markup that
// a Teams or Web Chat renderer would interpret inside a string.
import { clean } from './view.ts';

/**
 * Text for a TextRun: TextRun does not interpret markdown, but hosts still expand the
 * {{DATE(...)}} / {{TIME(...)}} functions, so a zero-width space breaks any "{{".
 */
export function cardText(text: string): string {
  return clean(text).replace(/\{\{/g, '{\u200b{').replace(/\}\}/g, '}\u200b}');
}

/** Text for a TextBlock or an activity's text, where markdown is interpreted: every markdown character escaped. */
export function markdownText(text: string): string {
  return cardText(text)
    .replace(/([\\`*_{}\[\]()#+\-.!|>~<])/g, '\\$1')
    .replace(/\n/g, '\n\n');
}

/** Text inside SSML: XML-escaped. */
export function ssmlText(text: string): string {
  return clean(text).replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export function ssml(...sentences: string[]): string {
  return `<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="en-GB">${sentences.join(' ')}</speak>`;
}

/** Phone numbers read digit by digit, in their printed groups. */
export function spokenPhone(phone: string): string {
  return phone.trim().split(/\s+/).map((group) => group.split('').join(' ')).join(', ');
}

/** A RichTextBlock whose single run is the given text, never interpreted as markdown. */
export function richText(text: string, opts: { weight?: 'Bolder'; isSubtle?: boolean; color?: string } = {}): Record<string, unknown> {
  return { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: cardText(text), ...opts }] };
}
