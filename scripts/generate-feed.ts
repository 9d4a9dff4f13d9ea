// A FICTIONAL Open Referral UK feed for the scale bench and tests: every name, place and
// organisation is made up, and every phone number is in Ofcom's ranges kept for drama
// (01632 960000-960999, 07700 900000-900999), so nothing here can ring a real service.
//   node scripts/generate-feed.ts [count=10000] [out.json] [--seed N]
import { writeFileSync } from 'node:fs';

const PLACES = ['Ashcombe', 'Brindleford', 'Cotterwick', 'Dunmere', 'Eastholt', 'Fallowby', 'Greywater', 'Hollinsend', 'Inchbury', 'Jessop Vale', 'Kettlecross', 'Larkmoor', 'Millbeck', 'Nettleham Rise', 'Oakhurst', 'Pellworth', 'Quarry Green', 'Rushmere', 'Saltcote', 'Thornleigh'];
const KINDS = ['Club', 'Group', 'Drop-in', 'Project', 'Service', 'Hub', 'Network', 'Programme'];

interface Topic {
  words: string;
  describe: string;
  term: string;
  ages: [number, number];
}
// The feed's own taxonomy ("Fictional needs"): the pack maps its terms to levels of need.
const TOPICS: readonly Topic[] = [
  { words: 'Parenting', describe: 'parenting courses and one to one support for parents finding behaviour hard', term: 'Parenting support', ages: [0, 17] },
  { words: 'Debt Advice', describe: 'free, confidential advice on debt, budgeting, benefits and money worries for families', term: 'Money and debt', ages: [16, 99] },
  { words: 'Alcohol Support', describe: 'support for parents and carers worried about their drinking or drug use, and for their families', term: 'Drugs and alcohol', ages: [16, 99] },
  { words: 'Youth', describe: 'evening youth sessions with sport, music and trusted youth workers for young people', term: 'Activities for young people', ages: [11, 19] },
  { words: 'Stay and Play', describe: 'play sessions for babies and toddlers with their parents and carers', term: 'Early years play', ages: [0, 4] },
  { words: 'Breastfeeding', describe: 'peer support for feeding your baby, from pregnancy onwards', term: 'Infant feeding', ages: [-1, 2] },
  { words: 'Young Carers', describe: 'breaks, activities and someone to talk to for children who look after a family member', term: 'Young carers', ages: [8, 18] },
  { words: 'Food Bank', describe: 'emergency food parcels and help with fuel costs for families in crisis', term: 'Food and essentials', ages: [0, 99] },
  { words: 'Counselling', describe: 'counselling for children and young people with worries, low mood or anxiety', term: 'Emotional wellbeing', ages: [5, 18] },
  { words: 'Homework', describe: 'homework help and reading support after school', term: 'Learning support', ages: [5, 16] },
  { words: 'Dads', describe: 'groups and activities for fathers and male carers and their children', term: 'Parenting support', ages: [0, 12] },
  { words: 'Housing Advice', describe: 'advice for families at risk of losing their home or living in poor housing', term: 'Housing', ages: [16, 99] },
];
const DELIVERY = [
  ['physical', 'You can attend this service in person'],
  ['virtual', 'This service runs online by video call'],
  ['physical', 'In person, or by telephone if you cannot travel'],
] as const;

/** Deterministic pseudo-random numbers (mulberry32), so a given seed always makes the same feed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable UUID-shaped id for record i (version 4 layout; fictional). */
function uuid(prefix: number, i: number): string {
  const hex = (prefix.toString(16).padStart(4, '0') + i.toString(16).padStart(12, '0')).padStart(16, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8000-${(i * 2654435761 >>> 0).toString(16).padStart(12, '0')}`;
}

/** One generated record: an ORUK service object (its id, name and status typed for tests). */
export type FictionalService = Record<string, unknown> & { id: string; name: string; status: string };

export function fictionalServices(count: number, seed = 1): FictionalService[] {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const out: FictionalService[] = [];
  for (let i = 0; i < count; i++) {
    const place = pick(PLACES);
    const topic = pick(TOPICS);
    const [locationType, attending] = pick(DELIVERY);
    const free = rnd() < 0.7;
    const mobile = rnd() < 0.3;
    const phone = mobile ? `07700 900${String(i % 1000).padStart(3, '0')}` : `01632 960${String(i % 1000).padStart(3, '0')}`;
    const months = Math.floor(rnd() * 40);
    const assured = new Date(Date.UTC(2026, 10, 1) - months * 30 * 86_400_000).toISOString().slice(0, 10);
    const status = rnd() < 0.03 ? 'inactive' : rnd() < 0.01 ? 'defunct' : 'active';
    const id = uuid(seed, i);
    out.push({
      id,
      name: `${place} ${topic.words} ${pick(KINDS)} ${i + 1}`,
      description: `A fictional ${place} service offering ${topic.describe}. Generated for testing; not a real service.`,
      status,
      url: `https://example.org/fictional/${i + 1}`,
      email: `service${i + 1}@example.org`,
      minimum_age: topic.ages[0] < 0 ? 0 : topic.ages[0],
      maximum_age: topic.ages[1],
      assured_date: assured,
      last_modified: `${assured}T09:00:00.000Z`,
      organization: { id: uuid(seed + 1, i % 400), name: `${place} Community Trust (fictional)`, description: 'A fictional organisation.' },
      cost_options: free ? [{ id: uuid(seed + 2, i), option: 'Free', amount: 0 }] : [{ id: uuid(seed + 2, i), option: 'Per session', amount: 3, amount_description: 'per session' }],
      contacts: [{ id: uuid(seed + 3, i), name: `${place} ${topic.words} team`, phones: [{ id: uuid(seed + 4, i), number: phone }] }],
      schedules: [{ id: uuid(seed + 5, i), attending_type: attending, description: 'Weekly in term time.' }],
      service_at_locations: [{ id: uuid(seed + 6, i), location: { id: uuid(seed + 7, i % 300), location_type: locationType, name: `${place} Community Centre (fictional)` } }],
      service_areas: [{ id: uuid(seed + 8, i % 20), name: `${place} (fictional)` }],
      attributes: [{ id: uuid(seed + 9, i), taxonomy_term: { id: uuid(seed + 10, TOPICS.indexOf(topic)), name: topic.term, description: topic.term, taxonomy: 'Fictional needs' } }],
    });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const seedAt = args.indexOf('--seed');
  const seed = seedAt >= 0 ? Number(args.splice(seedAt, 2)[1]) : 1;
  const count = Number(args[0] ?? 10_000);
  const file = args[1] ?? 'fictional-feed.json';
  writeFileSync(file, JSON.stringify(fictionalServices(count, seed)));
  console.log(`wrote ${count} fictional services to ${file}`);
}
