// Who the practitioner is and where they work, as they introduce themselves: "I'm a GP in
// Leicester", "Hi, I'm the DSL at Oldfield Primary", "health visitor, Bath". A message that is only
// that is context for the consultation (the area, the role, the workplace for the duty summary),
// never a concern: it is not added to the concern's words and not answered with "I did not pick
// out a specific need". A message with anything more ("I'm a GP and a mum told me...") stays a
// concern that happens to state its context. Kept here, in the conversation layer, so the reader
// of concerns (knowledge/understand) does not need to know about introductions.
import { normalise } from '../../knowledge/answers.ts';
import type { Knowledge } from '../../knowledge/load.ts';
import { ROLES } from './commands.ts';

export interface Context {
  /** The role as shown ("GP", "designated safeguarding lead"), when stated. */
  role?: string;
  /** The area's pack id, when a place it covers is named. */
  locality?: string;
  /** The workplace as written ("Oldfield Primary"), when named. */
  agency?: string;
}

const GREETING = /^(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening)|morning|afternoon|thanks|thank you)(?:\s+(?:there|all))?\b\s*/i;
const FILLER = /^(?:and|so|also|just|here)\b\s*/i;
const NAME = /^(?:my name is|my name's|this is)\s+\p{L}+(?:\s+\p{L}+)?$/iu;
const I_AM = /^(?:i am|i'm|im|i work as|i'm working as|i am working as|my role is|my job is|working as)\s+(?:(?:an?|the)\s+)?/i;
const I_WORK = /^(?:i work|i'm based|i am based|im based|based|working|we're|we are|i'm|i am|im|from|calling from|writing from)\s+(?:in|at|for|with|from|out of)\s+/i;
const JOIN = /\s+(?:in|at|for|with|from|covering)\s+/i;
/** Words before a role that make it something other than an introduction ("worried about the GP"). */
const NOT_A_MODIFIER = /\b(?:worried|concerned|about|not|sure|calling|writing|asking|seeing|scared|afraid|told|said|her|his|their|my|our|she|he|they)\b/;
/** Words that make a workplace a workplace, when it is not written with capitals. */
const WORKPLACE = /\b(?:school|primary|academy|college|nursery|preschool|pre school|surgery|practice|medical centre|health centre|hospital|council|trust|service|services|team|centre|hub|clinic|police|charity|project|federation|infants|juniors|secondary)\b/;

/** A place one of the packs covers, named by the whole of these words ("Leicester", "the Bath area"). */
function placeOf(words: string, knowledge: Knowledge): string | undefined {
  const n = normalise(words).replace(/^the /, '').replace(/ (?:area|city)$/, '');
  for (const pack of knowledge.packs.values()) if (pack.manifest.placeNames.some((p) => normalise(p) === n)) return pack.id;
  return undefined;
}

/** The role these words are, when they are a role and at most two words before it ("year 3 teacher"). */
function roleOf(words: string): string | undefined {
  const n = normalise(words);
  if (!n || n.split(' ').length > 5 || NOT_A_MODIFIER.test(n)) return undefined;
  for (const [re, shown] of ROLES) {
    const m = new RegExp(`${re.source}$`).exec(n);
    if (m && n.slice(0, m.index).trim().split(' ').filter(Boolean).length <= 2) return shown;
  }
  return undefined;
}

/** The workplace in these words as written, when they read as one (capitals, or "school", "surgery"). */
function workplaceOf(words: string): string | undefined {
  const w = words.trim().replace(/^(?:the|a|an)\s+/i, '');
  const n = normalise(w);
  if (!n || n.split(' ').length > 7 || NOT_A_MODIFIER.test(n)) return undefined;
  return /\p{Lu}/u.test(w) || WORKPLACE.test(n) ? w : undefined;
}

/** "Oldfield Primary in Bath": each part a place the packs cover or a workplace; false otherwise. */
function readPlaces(rest: string, knowledge: Knowledge, into: Context): boolean {
  for (const part of rest.split(JOIN).map((p) => p.trim()).filter(Boolean)) {
    const place = placeOf(part, knowledge);
    if (place) into.locality = place;
    else {
      const work = workplaceOf(part);
      if (!work) return false;
      into.agency = work;
    }
  }
  return true;
}

/** One clause of an introduction, read into the context; false when it says anything else. */
function readClause(clause: string, knowledge: Knowledge, into: Context): boolean {
  let c = clause.trim();
  for (let m = GREETING.exec(c) ?? FILLER.exec(c); m && m[0]; m = GREETING.exec(c) ?? FILLER.exec(c)) c = c.slice(m[0].length).trim();
  if (!c || NAME.test(c)) return true;
  const place = placeOf(c, knowledge);
  if (place) {
    into.locality = place;
    return true;
  }
  const iAm = I_AM.exec(c);
  const body = iAm ? c.slice(iAm[0].length) : c;
  const join = JOIN.exec(body);
  const role = roleOf(join ? body.slice(0, join.index) : body);
  if (role) {
    into.role = role;
    return join ? readPlaces(body.slice(join.index + join[0].length), knowledge, into) : true;
  }
  const work = I_WORK.exec(c);
  return work ? readPlaces(c.slice(work[0].length), knowledge, into) : false;
}

const clausesOf = (text: string) =>
  text
    .replace(/[’]/g, "'")
    .replace(/[()"]/g, ' ')
    .split(/\s*(?:[,;.!?\n]+|\s-\s|\band\b|\bbut\b)\s*/i)
    .filter((c) => c.trim() !== '');

/**
 * The context a message states when that is all it says: a role, an area, a workplace, with
 * greetings and a name around them. Undefined when it says anything else, or states nothing.
 */
export function contextStatement(text: string, knowledge: Knowledge): Context | undefined {
  if (text.length > 200) return undefined;
  const into: Context = {};
  for (const clause of clausesOf(text)) if (!readClause(clause, knowledge, into)) return undefined;
  return into.role || into.locality || into.agency ? into : undefined;
}

/** The workplace a longer message states in its first clauses ("I'm a teacher at Oldfield Primary, and ..."). */
export function agencyStatedIn(text: string, knowledge: Knowledge): string | undefined {
  for (const clause of clausesOf(text).slice(0, 3)) {
    const into: Context = {};
    if (readClause(clause, knowledge, into) && into.agency) return into.agency;
  }
  return undefined;
}
