import { S, fill, rd, wr } from './edit.mjs';
for (const l of ['bathnes', 'leicester']) { const sc = rd(`localities/${l}/scenarios.json`); fill(sc); wr(`localities/${l}/scenarios.json`, sc); }
const inds = rd('shared/indicators.json');
const ABUSE = () => S('000', 'Level 4: Child Protection Procedures and Early Help', 'is experiencing or may already have experienced abuse or chronic neglect');
const LIKELY = () => S('000', 'Level 4: Child Protection Procedures and Early Help', 'is likely to suffer significant harm in the future');
const WT = (item) => S('003', '3. Identifying Children and Families who would benefit from Early Help Assessment', item);
const local = (why) => ({ localChoice: why });
const NOT_LISTED = 'No local document we hold names this need or gives its level; the level is a setting the council should confirm.';
const map = {
  'physical-abuse': ABUSE, injury: ABUSE, 'injury-unexplained': ABUSE, 'bruise-non-mobile-baby': ABUSE, 'sexual-abuse': ABUSE, 'sexual-abuse-possible': ABUSE,
  'severe-neglect': ABUSE, 'neglect-mention': ABUSE, 'emotional-abuse': ABUSE, 'fabricated-illness': ABUSE, 'spirit-possession-abuse': ABUSE, 'domestic-abuse-current': ABUSE,
  'sexual-activity-under-13': ABUSE, 'sexual-exploitation': ABUSE, 'criminal-exploitation': ABUSE, trafficking: ABUSE, 'online-sexual-harm': ABUSE, fgm: ABUSE, 'honour-based-abuse': ABUSE,
  'young-child-alone': LIKELY, 'carer-incapacitated': LIKELY, 'parent-threat-psychosis': LIKELY, 'parent-acute-mental-illness': LIKELY, 'person-posing-risk': LIKELY,
  'harmful-sexual-behaviour': LIKELY, 'violence-imminent': LIKELY,
  'unborn-at-risk': () => S('000', 'Level 4: Child Protection Procedures and Early Help', ['Where there are signs that a child, young person or an unborn baby', 'is likely to suffer significant harm in the future']),
  'child-disclosure': () => S('003', 'reasonable cause to suspect a child is suffering or likely to suffer Significant Harm'),
  'suicide-risk': () => S('000', 'Level 4: Acute or complex needs leading to eligibility for statutory assessment'),
  'camhs-involvement': () => S('000', 'Level 4: Acute or complex needs leading to eligibility for statutory assessment', 'specialist Child and Adolescent Mental Health services'),
  'young-person-homeless': () => local('No local document we hold names this; national law (Children Act 1989, sections 17 and 20) makes a homeless 16 or 17 year old eligible for a social care assessment. The council should confirm the level.'),
  'unaccompanied-child': () => local('No local document we hold names this; national law (Children Act 1989, section 20) makes an unaccompanied child eligible for social care accommodation and assessment. The council should confirm the level.'),
  'accommodation-request': () => local('No local document we hold names this; a request for a child to be accommodated is a matter for social care under national law (Children Act 1989, section 20). The council should confirm the level.'),
  'prebirth-concern': () => S('004', 'Which children, young people and families is EHA aimed at?', 'Including unborn babies'),
  exclusion: () => S('000', 'Any child or young person who may be subject to a school exclusion should be offered a common assessment'),
  'child-to-parent-violence': () => local(NOT_LISTED), 'early-sexual-activity': () => local(NOT_LISTED), neet: () => local(NOT_LISTED), 'school-moves': () => local(NOT_LISTED),
  'adoption-support': () => local(NOT_LISTED), bullying: () => local(NOT_LISTED), 'missed-health-care': () => local(NOT_LISTED), 'previous-social-care': () => local(NOT_LISTED),
  'development-delay': () => local(NOT_LISTED), attainment: () => local(NOT_LISTED), behaviour: () => local(NOT_LISTED), 'child-health-need': () => local(NOT_LISTED),
  'past-substance-misuse': () => local(NOT_LISTED), 'past-domestic-abuse': () => local(NOT_LISTED), 'parental-illness': () => local(NOT_LISTED), 'young-parent': () => local(NOT_LISTED),
  'parental-conflict': () => local(NOT_LISTED), 'family-breakdown': () => local(NOT_LISTED), homelessness: () => local(NOT_LISTED), housing: () => local(NOT_LISTED),
  'social-isolation': () => local(NOT_LISTED), 'new-arrival': () => local(NOT_LISTED), 'neglect-emerging': () => local('The local guidance we hold names abuse or chronic neglect as level 4 but says nothing of early signs of neglect; level 3 is a setting the council should confirm.'),
  'financial-hardship': () => S('004', 'Minimise the impact of child poverty and worklessness on vulnerable families where help is needed', 'Minimise the impact of child poverty and worklessness on vulnerable families where help is needed'),
  worklessness: () => S('004', 'Minimise the impact of child poverty and worklessness on vulnerable families where help is needed', 'Minimise the impact of child poverty and worklessness on vulnerable families where help is needed'),
  'parenting-support': () => S('004', 'The role of services is therefore to strengthen parenting capacity', 'The role of services is therefore to strengthen parenting capacity'),
  'physical-chastisement': () => S('004', 'The role of services is therefore to strengthen parenting capacity', 'The role of services is therefore to strengthen parenting capacity'),
  'parental-learning-disability': () => S('004', 'The role of services is therefore to strengthen parenting capacity', 'The role of services is therefore to strengthen parenting capacity'),
};
for (const i of inds) {
  delete i.source; delete i.localChoice;
  let v = map[i.id];
  if (i.id === 'privately-fostered') { i.level = 2; }
  const r = v ? v() : i.workingTogether ? WT(i.workingTogether) : null;
  if (!r) throw new Error('no source for ' + i.id);
  if (r.localChoice) i.localChoice = r.localChoice; else i.source = r;
  if (map[i.id] && i.workingTogether && !r.localChoice && r.file.startsWith('003') === false) { /* harm: keep the group name for the explorer */ }
}
wr('shared/indicators.json', inds);
