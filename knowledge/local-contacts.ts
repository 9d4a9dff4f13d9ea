// Local contacts: the one place a council sets the contact details its published guidance does
// not give (Leicester's Duty and Advice Service has no number in the documents we hold), without
// editing the seed-derived packs. One JSON file (config/local-contacts.json, or the file named
// by LOCAL_CONTACTS_FILE), validated like the packs: every problem is reported with file, JSON
// path and reason, and the service refuses to start on any of them.
//
// Each entry names the pack contact it completes, who set it and on what date. That is shown to
// users beside the details ("set by the council: who, date"), in place of a citation of the
// guidance, so nobody mistakes a locally set number for one from the published documents.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { z } from 'zod';
import { type Knowledge, KnowledgeError, type KnowledgeProblem, type LoadedPack, type PackContact, jsonPath } from './load.ts';

/**
 * A UK number in digits and spaces, as it is to be shown: a full number of 10 or 11 digits
 * starting 0 (0116 496 0123), a 116 helpline (116 123), or a national short number (999, 111).
 */
export const LocalPhone = z
  .string()
  .regex(/^\d[\d ]*\d$/, { message: 'digits and spaces only, such as 0116 496 0123', abort: true })
  .refine((p) => {
    const digits = p.replace(/ /g, '');
    return /^0\d{9,10}$/.test(digits) || /^116\d{3}$/.test(digits) || ['999', '111', '112'].includes(digits);
  }, 'a UK number: 10 or 11 digits starting 0 (such as 0116 496 0123), a 116 number, or 999 / 111');

const IsoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'the date it was set, YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a real date');

export const LocalContact = z
  .strictObject({
    /** The pack (locality id) and the contact in it that this completes. */
    locality: z.string().min(1, 'the locality id, such as leicester'),
    contact: z.string().min(1, 'the id of the contact in the pack, such as duty-and-advice-service'),
    phones: z.array(LocalPhone).default([]),
    emails: z.array(z.email('an email address')).default([]),
    urls: z.array(z.string().min(4)).default([]),
    /** Opening hours, out-of-hours arrangements: shown beside the details, in the council's words. */
    note: z.string().min(5).max(500).optional(),
    /** Who set it: a person or role and the council, shown to users. */
    setBy: z.string().trim().min(3, 'who set it: a name or role, and the council').max(160),
    setOn: IsoDay,
  })
  .refine((c) => c.phones.length + c.emails.length + c.urls.length > 0, { message: 'give at least one phone, email or web address', path: ['phones'] });
export type LocalContact = z.infer<typeof LocalContact>;

export const LocalContactsFile = z.strictObject({
  $comment: z.string().optional(),
  contacts: z.array(LocalContact),
});

export interface LocalSetting {
  by: string;
  on: string;
}

export interface LocalContactsResult {
  knowledge: Knowledge;
  /** What was set, for the start-up log: "leicester/duty-and-advice-service". */
  applied: string[];
}

/**
 * Reads the file (when it exists, or always when `required`: a file named in LOCAL_CONTACTS_FILE
 * must be there), checks it against the loaded packs and returns the knowledge with the contacts
 * completed. Throws KnowledgeError listing every problem.
 */
export function applyLocalContacts(knowledge: Knowledge, file: string, opts: { required: boolean; today?: Date }): LocalContactsResult {
  const shown = relative(process.cwd(), file) || file;
  if (!existsSync(file)) {
    if (opts.required) throw new KnowledgeError([{ file: shown, path: '', reason: 'file is missing (LOCAL_CONTACTS_FILE names it)' }]);
    return { knowledge, applied: [] };
  }
  const raw = readFileSync(file, 'utf8');
  const problems: KnowledgeProblem[] = [];
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new KnowledgeError([{ file: shown, path: '', reason: `not valid JSON: ${(err as Error).message}` }]);
  }
  const parsed = LocalContactsFile.safeParse(json);
  if (!parsed.success) {
    throw new KnowledgeError(parsed.error.issues.map((i) => ({ file: shown, path: jsonPath(i.path), reason: i.message })));
  }
  const today = (opts.today ?? new Date()).toISOString().slice(0, 10);
  const seen = new Set<string>();
  parsed.data.contacts.forEach((c, i) => {
    const at = `$.contacts[${i}]`;
    const pack = knowledge.packs.get(c.locality);
    if (!pack) return problems.push({ file: shown, path: `${at}.locality`, reason: `unknown locality "${c.locality}"; known: ${[...knowledge.packs.keys()].join(', ')}` });
    if (!pack.contacts.some((p) => p.id === c.contact)) {
      return problems.push({ file: shown, path: `${at}.contact`, reason: `"${c.contact}" is not a contact in the ${c.locality} pack; its contacts: ${pack.contacts.map((p) => p.id).join(', ')}` });
    }
    const key = `${c.locality}/${c.contact}`;
    if (seen.has(key)) problems.push({ file: shown, path: `${at}.contact`, reason: `${key} is set twice: keep one entry` });
    seen.add(key);
    if (c.setOn > today) problems.push({ file: shown, path: `${at}.setOn`, reason: `${c.setOn} is after today (${today})` });
  });
  if (problems.length) throw new KnowledgeError(problems);

  const byPack = new Map<string, LocalContact[]>();
  for (const c of parsed.data.contacts) byPack.set(c.locality, [...(byPack.get(c.locality) ?? []), c]);
  const packs = new Map<string, LoadedPack>();
  for (const [id, pack] of knowledge.packs) {
    const local = byPack.get(id);
    if (!local) {
      packs.set(id, pack);
      continue;
    }
    const contacts: PackContact[] = pack.contacts.map((c) => {
      const o = local.find((l) => l.contact === c.id);
      if (!o) return c;
      // The pack's note says what the guidance lacks; once the council has set the details it no
      // longer applies, so only the council's own note is kept.
      const { note: _seedNote, ...rest } = c;
      return Object.freeze({
        ...rest,
        phones: o.phones,
        emails: o.emails,
        urls: o.urls,
        needsLocalConfiguration: false,
        ...(o.note ? { note: o.note } : {}),
        setLocally: Object.freeze({ by: o.setBy, on: o.setOn }),
      });
    });
    // The version recorded with every outcome changes with the local details, so an outcome can
    // be traced to the numbers it showed.
    const digest = createHash('sha256').update(JSON.stringify(local)).digest('hex').slice(0, 8);
    packs.set(id, Object.freeze({ ...pack, contacts: Object.freeze(contacts), knowledgeVersion: `${pack.knowledgeVersion}+local-${digest}` }));
  }
  return { knowledge: Object.freeze({ ...knowledge, packs }), applied: parsed.data.contacts.map((c) => `${c.locality}/${c.contact}`) };
}
