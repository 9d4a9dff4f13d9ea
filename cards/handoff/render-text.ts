// Two handlebars renderings of the summary, each with the escaping its output needs:
// - plain text, to paste into a school record (CPOMS, MyConcern) or an email: no HTML entities
//   (they would show as "&amp;"), but every continuation line of a value is indented, so text the
//   practitioner typed can never start a line that looks like one of our labels;
// - HTML for the duty page: handlebars' own escaping of every value (never triple braces).
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import type { Summary } from '../../knowledge/handoff/summary.ts';
import { summaryView } from './view.ts';

const template = (name: string) => readFileSync(new URL(`./templates/${name}`, import.meta.url), 'utf8');

const textEngine = Handlebars.create();
textEngine.registerHelper('indent', (value: string) => value.split('\n').join('\n    '));
textEngine.registerHelper('upper', (value: string) => value.toUpperCase());
const textTemplate = textEngine.compile(template('summary.txt.hbs'), { noEscape: true, strict: true });

const htmlEngine = Handlebars.create();
const htmlTemplate = htmlEngine.compile(template('summary.html.hbs'), { strict: true });

export function summaryText(summary: Summary): string {
  return textTemplate(summaryView(summary)).replace(/\n{3,}/g, '\n\n');
}

export function summaryHtml(summary: Summary): string {
  return htmlTemplate(summaryView(summary));
}
