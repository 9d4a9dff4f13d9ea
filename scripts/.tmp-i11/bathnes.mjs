import { S, fill, rd, wr } from './edit.mjs';
const L = 'localities/bathnes/';
// ---------------- pack.json
const pack = rd(L + 'pack.json');
const owners = { '000': 'Bath and North East Somerset Council', '001': 'Bath and North East Somerset Council', '002': 'Bath & North East Somerset Local Safeguarding Children Board', '003': 'Leicester, Leicestershire and Rutland safeguarding children procedures' };
for (const d of pack.documents) {
  const k = d.file.slice(0, 3);
  const next = { file: d.file, title: d.title, owner: owners[k], area: d.area };
  if (k === '003') {
    next.title = 'Early Help Assessment (procedures chapter quoting Working Together to Safeguard Children)';
    next.national = true;
  }
  if (d.date) next.date = d.date;
  next.dateText = k === '001' ? 'Undated; it points to the Early Help App, which the September 2016 review says was being piloted and would be launched late September' : d.dateText;
  Object.assign(d, next);
  for (const key of Object.keys(d)) if (!(key in next)) delete d[key];
  // keep key order: rebuild
}
pack.documents = pack.documents.map((d) => ({ file: d.file, title: d.title, owner: d.owner, area: d.area, ...(d.national ? { national: true } : {}), ...(d.date ? { date: d.date } : {}), dateText: d.dateText }));
const lv = pack.levels;
lv[1].meaning = 'An additional need a single agency can meet: refer directly to the service. An early help assessment (CAF) can still be offered at this level.';
lv[1].source = S('000', 'Level 2: Identifying Additional Needs');
lv[2].name = 'Level 3: High or complex needs: CAF and Team Around the Child';
lv[2].meaning = 'High or multiple needs that require a co-ordinated response from two or more agencies: offer the family a CAF, with their informed, explicit written consent.';
lv[2].source = S('000', 'Level 3: Assessing High or Complex Needs', ['Children or young people who have high or multiple needs, which require a co-ordinated response from two or more agencies', 'Where a child or young person has multiple needs the Early Help Assessment (CAF) should be offered to the family/young person']);
lv[0].meaning = 'Needs are met by the family and by universal services, which provide services for all children and young people in their day-to-day work.';
lv[0].source = S('000', 'Level 1: Providing Early Help Services and Interventions', ['Universal settings provide services for all children and young people in their day-to-day work', 'In the majority of cases, a child or young person’s needs are addressed at this early stage']);
lv[3].meaning = 'A child at risk of significant harm: contact the Social Care Duty team to discuss concerns and complete a Request for Service; 999 if the child is in immediate danger.';
lv[3].source = S('001', 'Level 4 - Request for Service from Social Care', 'Child or young person is at risk of significant harm	Level 4 - Request for Service from Social Care');
const term = (id) => pack.terminology.find((t) => t.id === id);
term('caf').meaning = "B&NES's Early Help Assessment, used at Level 2/3: a voluntary assessment with the family that helps identify additional multiple needs one agency cannot meet, and coordinates the help. It needs the family's informed, explicit written consent.";
term('caf').source = S('001', 'Level 2/3 – Common Assessment Framework', ['Level 2/3 – Common Assessment Framework', 'This is a voluntary process and signed consent is needed']);
term('tac').meaning = 'The practitioners from different services, with the child or young person and parents or carers, brought together when a multi-agency response is required, to co-ordinate and deliver an integrated package of support.';
term('tac').source = S('000', 'Forming the Team around the Child (TAC)', ['Where a multi-agency response is required the Team around the Child (TAC) is formed', 'It is important that the child or young person and parents/carers are also included as part of the TAC']);
term('lead-professional').meaning = 'The practitioner agreed at the first TAC meeting as the family\'s main point of contact, who co-ordinates delivery of the services. The One Minute Guide calls the role Lead Practitioner.';
term('lead-professional').alsoKnownAs = ['Lead Practitioner'];
term('lead-professional').source = S('000', 'Co-ordinating and delivering Integrated Early Help Services', ['is responsible for convening the first TAC meeting from which a Lead Professional is agreed', 'The Lead Professional acts as the main point of contact for the child or young person and their family, and co-ordinates delivery of integrated services']);
term('request-for-service').meaning = "The request to Children's Social Care made through the Duty team when a child is at risk of significant harm. If there is parental consent and it does not meet the threshold for social care, it could be directed to an early help service or to the Early Help Allocation Panel.";
term('request-for-service').source = S('001', 'use local child protection procedures', 'Complete a Request for Service from Social Care which, if there is parental consent and it doesn\'t meet the threshold for Social Care, could be directed to an Early Help service or to the Early Help Allocation Panel');
term('step-up-step-down').meaning = 'Children move up the levels only when lower levels of support are not adequate, and back down as soon as a lower level can meet their needs; TAC reviews and the Distance-Travelled Tool inform which.';
term('step-up-step-down').alsoKnownAs = ['step up', 'step down'];
term('windscreen').source = S('001', 'Continuum of Need diagram');
pack.terminology.push({
  id: 'early-help-allocation-panel',
  term: 'Early Help Allocation Panel',
  meaning: 'Where a Request for Service has parental consent but does not meet the threshold for social care, it can be directed to this panel, who make sure the child, young person or family are offered the right help.',
  alsoKnownAs: ['allocation panel'],
  source: S('001', 'use local child protection procedures', 'could be directed to an Early Help service or to the Early Help Allocation Panel who will ensure the child, young person or family are then offered the right help'),
});
pack.terminology.push({
  id: 'distance-travelled-tool',
  term: 'Distance-Travelled Tool',
  meaning: 'A tool completed with families to show improved outcomes over time and any unmet or additional needs; with the TAC reviews it informs a step up or a step down. The Early Help Offer (2014) said it "will be made available".',
  alsoKnownAs: ['distance travelled'],
  source: S('000', 'Tracking Distance Travelled and Reviewing Progress', ['a Distance-Travelled Tool will be made available to be completed with families', 'This will show improved outcomes over time and identify any unmet or additional needs']),
});
const P = pack.parameters;
P.multipleNeedsCount = { value: 3, meaning: P.multipleNeedsCount.meaning, localChoice: "The B&NES documents say 'high or multiple needs' without a number; 3 is a setting the council can change." };
P.nonMobileBabyMonths = { value: 6, meaning: P.nonMobileBabyMonths.meaning, localChoice: 'No local document we hold names an age; the council should confirm it against its own bruising protocol.' };
P.persistentAbsencePercent = { value: 90, meaning: P.persistentAbsencePercent.meaning, localChoice: "No local document we hold gives a figure for persistent absence; 90% attendance is the usual national measure, and the council should confirm it." };
fill(pack);
wr(L + 'pack.json', pack);

// ---------------- contacts.json
const contacts = rd(L + 'contacts.json');
const c = (id) => contacts.find((x) => x.id === id);
c('csc-duty-team').role = 'Ring to discuss concerns about a child at risk of significant harm, get guidance on the most appropriate course of action and complete a Request for Service; also for further guidance when, after the thresholds and your colleagues or manager, you are still unsure.';
c('integrated-services-team').role = 'Help or guidance with a common assessment (CAF). The 2016 review says the Integrated Working Team supports Common Assessments, Team around the Child/Family and lead professionals, and offers training.';
delete c('integrated-services-team').note;
c('swcpp').source = S('001', 'use local child protection procedures');
c('early-help-app').role = "Details of the targeted support services and how to refer; download it free from the Apple or Android store by searching for 'B&NES Early Help'.";
c('early-help-app').source = S('001', 'Level 2 – Early Help Targeted Support', ['Early Help App which can be downloaded for free from the Apple or Android store', 'www.bathnes.gov.uk/earlyhelpapp']);
c('family-information-service').note = 'The One Minute Guide links to the Family Information Service, but the link is not in the copy we hold: the council must add its address.';
contacts.push({
  id: 'early-help-offer-pages',
  name: 'B&NES early help and child protection web pages',
  role: 'The council pages the Early Help Offer points to: early help support for families, and local child protection information.',
  urls: ['http://www.bathnes.gov.uk/services/children-young-people-and-families/early-help-support-families', 'http://www.bathnes.gov.uk/services/children-young-people-and-families/child-protection'],
  source: S('000', 'A shared responsibility', ['<http://www.bathnes.gov.uk/services/children-young-people-and-families/early-help-support-families>', 'Local information can be found at <http://www.bathnes.gov.uk/services/children-young-people-and-families/child-protection>']),
});
contacts.push({
  id: 'private-fostering-notification',
  name: 'Private fostering notifications (B&NES children\'s services)',
  role: 'Where to tell the council about a private fostering arrangement.',
  needsLocalConfiguration: true,
  note: 'The local guidance we hold gives no contact for private fostering notifications: the council must add it.',
  source: S('003', '3. Identifying Children and Families who would benefit from Early Help Assessment', 'Is a privately fostered child'),
});
fill(contacts);
wr(L + 'contacts.json', contacts);

// ---------------- routes.json
const st = (text, extra) => ({ text, ...extra });
const LOCAL = (text, note) => ({ text, needsLocalConfiguration: true, ...(note ? { note } : {}) });
const OWN_POLICY = LOCAL("Follow your own organisation's safeguarding policy on who else to tell, and record what you did.", "Not in the local guidance we hold: your organisation's own policy applies.");
const routes = rd(L + 'routes.json');
const r = (id) => routes.find((x) => x.id === id);
Object.assign(r('universal'), {
  summary: 'Most children\'s needs are met by their family or by universal services, those services that are available to everyone.',
  steps: [
    st('Carry on providing your service: in the majority of cases a child\'s needs are addressed at this stage.', { quote: 'In the majority of cases, a child or young person’s needs are addressed at this early stage' }),
    st('It is always worth considering whether early help might be needed; the pre-CAF assessment may help with this.', { quote: 'but it is always worth considering whether Early Help might be needed. The pre-CAF assessment may help with this' }),
    st("If the child's needs are not met, move to Level 2.", { quote: "If the child's needs are not met, then move to Level 2" }),
  ],
  contacts: ['family-information-service', 'early-help-offer-pages'],
});
Object.assign(r('direct-referral'), {
  steps: [
    st('Refer directly to the service that can help: details are on the B&NES Early Help App (below).', { source: S('001', 'Level 2 – Early Help Targeted Support', 'Refer directly to the service (details of which can be found on the Early Help App') }),
    st('An early help assessment (CAF) can still be offered at this level: it keeps the child at the centre and the help needs-led.', { source: S('000', 'Level 2: Identifying Additional Needs') }),
    st('Another agency may have spotted additional needs before you and completed a CAF: this can be checked centrally.', { source: S('000', 'Level 2: Identifying Additional Needs', 'Sometimes another agency may have spotted additional needs before you and a CAF may have been completed. This can be checked centrally') }),
    st("If the child's needs become more complex or are multiple, move to level 3.", { source: S('000', 'Level 2: Identifying Additional Needs', "If the child's needs become more complex or are multiple then move to level 3") }),
  ],
  contacts: ['early-help-app', 'early-help-offer-pages'],
});
Object.assign(r('caf'), {
  title: 'Begin a Common Assessment (CAF) and form a Team Around the Child',
  summary: 'The needs are unclear, multiple or complex and require the input of several agencies: begin a common assessment (Level 2/3) with the child, young person or family.',
  steps: [
    st('Begin a common assessment with the child, young person or family. It is a voluntary process and signed consent is needed.', { quote: 'Begin a common assessment with the child, young person or family. This is a voluntary process and signed consent is needed' }),
    st('For help or guidance with the assessment, contact the Integrated Services Team (below).', { quote: 'If you need any help or guidance with the assessment you can contact the Integrated Services Team on 01225 395021' }),
    st('Whoever undertakes the assessment convenes the first Team Around the Child (TAC) meeting, including the child and parents or carers, where a Lead Professional is agreed.', { source: S('000', 'Co-ordinating and delivering Integrated Early Help Services', 'the person who undertakes the Early Help assessment (and identifies the need for multi-agency support) is responsible for convening the first TAC meeting from which a Lead Professional is agreed') }),
    st('Your agency provides management sign-off for the CAF and sends review updates to the Integrated Working Team.', { source: S('002', 'Quality Assurance', 'for providing appropriate management sign off for CAFs and providing review updates to the Integrated Working Team') }),
    st('The TAC reviews the plan regularly; the reviews and the Distance-Travelled Tool inform a step up or a step down.', { source: S('000', 'Tracking Distance Travelled and Reviewing Progress') }),
  ],
});
Object.assign(r('request-for-service'), {
  summary: "The child is at risk of significant harm: make an immediate referral to Children's Social Care, following the South West Child Protection Procedures.",
  steps: [
    st('If the child is in immediate danger, ring 999 first.', { basis: 'The national emergency number (999), the same across England.' }),
    st("Contact the Council's Social Care Duty team (numbers below) to discuss your concerns, get guidance and complete a Request for Service.", { quote: 'Contact the Council’s Social Care Duty team, on 01225 396312 or 01225 396313 to discuss concerns and get guidance on the most appropriate course of action and to complete a Request for Service' }),
    st("The referral is to Children's Social Care Referral and Assessment Team, following the South West Child Protection Procedures.", { source: S('000', 'Level 4: Child Protection Procedures and Early Help', "a referral to Children's Social Care Referral and Assessment Team needs to be made following the South West Child Protection Procedures") }),
    st('If there is parental consent and the request does not meet the threshold for social care, it could be directed to an early help service or to the Early Help Allocation Panel.', { source: S('001', 'use local child protection procedures', "if there is parental consent and it doesn't meet the threshold for Social Care, could be directed to an Early Help service or to the Early Help Allocation Panel") }),
    st('Where you can, tell the family about the referral and seek their agreement, unless doing so would place the child at increased risk of significant harm.', { basis: 'National guidance, not the B&NES documents we hold: Working Together to Safeguard Children (2023) and Information sharing: advice for practitioners (2024).' }),
    OWN_POLICY,
  ],
  contacts: ['csc-duty-team', 'swcpp', 'early-help-offer-pages'],
  timescales: [{ text: 'Child protection concerns need an immediate referral.', source: S('000', 'make an immediate referral to the Referral and Assessment Service') }],
});
Object.assign(r('duty-consultation'), {
  summary: 'Harm cannot be ruled out, or you remain unsure: contact the Children\'s Social Care Duty team for further guidance.',
  steps: [
    st('If the child is in immediate danger, ring 999 first.', { basis: 'The national emergency number (999), the same across England.' }),
    st("Contact the Children's Social Care Duty team (numbers below) for further guidance.", { quote: 'you can contact Children’s Social Care Duty team for further guidance on 01225 396312 or 01225 396313' }),
    st('They give guidance on the most appropriate course of action, including whether to complete a Request for Service.', { source: S('001', 'Level 4 - Request for Service from Social Care') }),
    OWN_POLICY,
  ],
});
fill(routes);
wr(L + 'routes.json', routes);
