// What arrives at /api/messages is a stranger's JSON until shown otherwise. The Bot Framework SDK
// trusts the shape of an activity's parts (`entities[i].type.toLowerCase()`, `mention.mentioned.id`,
// `activity.recipient.id`), so one malformed part would fail the whole turn and cost the
// practitioner the harm screen. Before the bot sees an activity, every part of the wrong shape
// is dropped (never repaired or guessed): a string field that is not a string, an object that is
// not an object, an array item that is not the object its array holds. What is left is still the
// sender's activity, with everything the SDK and the conversation read in the shape they expect.
type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';

const STRING_FIELDS = [
  'id', 'text', 'textFormat', 'locale', 'replyToId', 'name', 'action', 'timestamp', 'localTimestamp', 'localTimezone', 'speak',
  'inputHint', 'summary', 'deliveryMode', 'topicName', 'valueType', 'label', 'callerId', 'importance', 'attachmentLayout', 'expiration',
];
const OBJECT_FIELDS = ['channelData', 'relatesTo', 'semanticAction', 'suggestedActions', 'conversation', 'from', 'recipient'];
const ACCOUNT_STRINGS = ['id', 'name', 'aadObjectId', 'role'];
const CONVERSATION_STRINGS = ['id', 'name', 'tenantId', 'conversationType', 'role', 'aadObjectId'];

/** Keeps only the string-valued ones of `keys` that are present; other keys are left alone. */
function stringsOnly(o: Obj, keys: readonly string[]): Obj {
  for (const k of keys) if (k in o && !isString(o[k])) delete o[k];
  return o;
}

const account = (v: Obj) => stringsOnly(v, ACCOUNT_STRINGS);

function isEntity(e: unknown): e is Obj {
  if (!isObject(e) || !isString(e.type)) return false;
  // A mention is read for its `mentioned.id` and its `text` (taken out of the message).
  if (e.type.toLowerCase() === 'mention') return isObject(e.mentioned) && isString(e.mentioned.id) && isString(e.text);
  return true;
}

const ARRAYS: Record<string, (item: unknown) => boolean> = {
  entities: isEntity,
  attachments: (a) => isObject(a) && isString(a.contentType),
  membersAdded: (m) => isObject(m) && isString(m.id),
  membersRemoved: (m) => isObject(m) && isString(m.id),
  reactionsAdded: (r) => isObject(r) && isString(r.type),
  reactionsRemoved: (r) => isObject(r) && isString(r.type),
};

/** A copy of the activity with every malformed part dropped (see above). */
export function sanitizeActivity(input: Obj): Obj {
  const a: Obj = { ...input };
  stringsOnly(a, STRING_FIELDS);
  for (const k of OBJECT_FIELDS) if (k in a && !isObject(a[k])) delete a[k];
  if (isObject(a.from)) a.from = account({ ...a.from });
  if (isObject(a.recipient)) a.recipient = account({ ...a.recipient });
  if (isObject(a.conversation)) {
    const c = stringsOnly({ ...a.conversation }, CONVERSATION_STRINGS);
    if ('isGroup' in c && typeof c.isGroup !== 'boolean') delete c.isGroup;
    a.conversation = c;
  }
  for (const [k, keep] of Object.entries(ARRAYS)) {
    if (!(k in a)) continue;
    const v = a[k];
    if (!Array.isArray(v)) delete a[k];
    else a[k] = v.filter(keep).map((item) => (k.startsWith('members') ? account({ ...(item as Obj) }) : item));
  }
  if ('timestamp' in a && Number.isNaN(Date.parse(String(a.timestamp)))) delete a.timestamp;
  return a;
}
