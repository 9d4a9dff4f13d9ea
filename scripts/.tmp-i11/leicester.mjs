import { S, fill, rd, wr } from './edit.mjs';
const L = 'localities/leicester/';
const pack = rd(L + 'pack.json');
pack.documents = [
  { file: '003_2b5be95bd75fb848.txt', title: 'Early Help Assessment (LLR procedures chapter, with the April 2024 Working Together amendment)', owner: 'Leicester, Leicestershire and Rutland safeguarding children procedures', area: 'Leicester, Leicestershire and Rutland', date: '2024-04', dateText: 'Amended April 2024' },
  { file: '004_1747f0fdca566f6a.txt', title: 'Early Help and Prevention Protocol and Procedure', owner: 'Leicester City Council, Children, Young People and Families Division', area: 'Leicester City', dateText: 'Undated; describes the Early Help Assessment replacing the CAF from February 2015' },
];
const lv = pack.levels;
lv[0].meaning = 'Needs are met by the family and by universal services, such as education and health services, which are available to all families.';
lv[2].meaning = 'A family has 3 or more needs, complex and beyond the remit and capacity of a single agency: a co-ordinated multi-agency EHA, with the family\'s consent.';
lv[3].meaning = 'A child may be suffering, or at risk of suffering, harm: follow the LLR safeguarding procedures without delay; 999 if the child is in immediate danger.';
lv[3].source = S('004', 'The EHA is not appropriate for');
const term = (id) => pack.terminology.find((t) => t.id === id);
term('eha').meaning = "Leicester's shared assessment and planning framework, for families with 3 or more needs that are complex and beyond a single agency. It replaced the language of the CAF from February 2015 and needs the family's consent.";
term('taf').source = S('004', 'Referral Process for an EHA', "professionals and the family will be invited to a 'Team around the Family' (TAF) meeting where the assessment will be updated, a lead practitioner identified and a plan of action agreed and reviewed every 3 months until needs are met");
term('lead-practitioner').alsoKnownAs = ['Lead Professional'];
term('lead-practitioner').meaning = 'The practitioner who undertakes the EHA, supports and advocates for the child and family and coordinates the delivery of support services; chosen case by case, informed by the child and family.';
term('lead-practitioner').source = S('003', '4. Effective Assessment of the Need for Early Help Assessment', ['Early Help Assessment should be undertaken by a lead practitioner who should provide support to the child and family, act as an advocate on their behalf and coordinate the delivery of support services', 'Decisions about who should be the lead practitioner should be taken on a case by case basis and should be informed by the child and their family']);
term('das').meaning = "Leicester's statutory Duty and Advice service. Its Early Help in Duty and Advice Team screens every EHA referral and provides the bridge between statutory and support services.";
term('das').alsoKnownAs = ['Duty and Advice', 'Duty and Assessment Team'];
term('das').source = S('004', 'Early Help in Duty and Advice Team', ['This team are situated within (statutory) Duty and Advice', 'provide the bridge between statutory and support services']);
term('masp').meaning = 'A monthly panel giving management oversight and decision making for cases open to early help or social care that are high cost, not improving or escalating.';
term('masp').source = S('004', 'Multi Agency Support Panel (MASP)', ['Where a case is open to early help or social care and meets one of the following criteria, a referral can be made to MASP', 'The panel meets monthly', 'To provide management oversight and enable decision making']);
term('susd').meaning = 'Moving a family from early help up to social care when needs have become more complex, or down from social care to early help when the child is no longer assessed as a child in need but ongoing support is required.';
term('susd').source = S('004', 'Step Down from Social Care to Early Help', "If a decision has been made that a child is no longer assessed as a child 'in need' (CIN) but ongoing support is required from Early Help services");
term('unmet-need').meaning = 'A need that an agency cannot meet because it does not have the ability to respond to it. The LLR Thresholds document (pages 16/17) gives examples of presenting needs.';
term('unmet-need').source = S('004', 'Unmet Need', ['An unmet need is a need that cannot be met by an agency in terms of not having the ability to respond to the particular need', 'Refer to pages 16/17 of the Leicester, Leicestershire and Rutland Thresholds document for examples of presenting needs']);
pack.terminology.push({
  id: 'llr-thresholds',
  term: 'Leicester, Leicestershire and Rutland Thresholds document',
  meaning: 'The LLR threshold document the protocol follows for the threshold for intervention; pages 16/17 give examples of presenting needs. The copy is not among the documents we hold: ask the council for it.',
  alsoKnownAs: ['thresholds', 'LLR thresholds', 'threshold document'],
  source: S('004', 'Unmet Need', 'Refer to pages 16/17 of the Leicester, Leicestershire and Rutland Thresholds document for examples of presenting needs'),
});
pack.terminology.push({
  id: 'family-group-conference',
  term: 'Family group conference',
  meaning: "A form of family group decision-making: engaging the family and its network to help meet the child's needs, named in national guidance as part of effective early help.",
  alsoKnownAs: ['FGC', 'family group decision-making'],
  source: S('003', '2. Early Help Assessment', 'Engage effectively with families and their family network, making use of family group decision-making, such as family group conferences, to help meet the needs of the child'),
});
const P = pack.parameters;
P.ehaNeedsCount.source = S('004', 'Eligibly Criteria for an Early Help Assessment', 'A family has 3 or more needs that are likely to impact on outcomes for children and young people');
P.tafWithinWeeks.source = S('004', 'Step Down from Social Care to Early Help', 'The Family Support Manager should arrange the first TAF (Team around the Family) meeting within 3 weeks of the case being stepped down');
P.nonMobileBabyMonths = { value: 6, meaning: P.nonMobileBabyMonths.meaning, localChoice: 'No local document we hold names an age; the council should confirm it against its own bruising protocol.' };
P.persistentAbsencePercent = { value: 90, meaning: P.persistentAbsencePercent.meaning, localChoice: 'No local document we hold gives a figure for persistent absence; 90% attendance is the usual national measure, and the council should confirm it.' };
fill(pack);
wr(L + 'pack.json', pack);

const contacts = rd(L + 'contacts.json');
const c = (id) => contacts.find((x) => x.id === id);
c('duty-and-advice-service').note = 'The Leicester documents name this service but give no telephone number for it: the council must configure it. Until then, ring 999 if a child is in immediate danger and follow the LLR safeguarding procedures.';
c('duty-and-advice-service').role = 'Referral when there are immediate safeguarding concerns, and when a child may be suffering, or at risk of suffering, harm.';
c('early-help-das').role = "Send a completed Early Help Assessment referral; the team screens every EHA referral and allocates it to a cluster.";
c('eha-support-line').role = 'Queries from lead practitioners, support with completing the EHA and navigation around the Liquid Logic electronic case record system.';
c('eha-support-line').source = S('004', 'Support for the Lead Practitioner', ['There is a dedicated email address and telephone number for Lead Practitioners to call to answer any queries, support with completing the EHA and navigation around the electronic case record Liquid Logic system', 'Email: Early-Help-Queries@leicester.gov.uk Telephone: 0116 4541694']);
c('masp').role = 'Written referral (using the referral form in place) for a case open to early help or social care that is high cost, not improving or escalating. The panel meets monthly.';
c('masp').source = S('004', 'Multi Agency Support Panel (MASP)', ['referrals are made in writing (using referral form in place) by sending an email to Neeta.Nayee@leicester.gov.uk', 'High cost to the authority']);
c('llr-procedures').source = S('004', 'The EHA is not appropriate for', ['Leicestershire, Leicester & Rutland Safeguarding Children Board procedures should be followed without delay', 'http://llrscb.proceduresonline.com/index.htm']);
c('locality-family-support').source = S('004', "Priority Children and Young People's Meeting", ['professionals will alert the appropriate Family Support Manager', 'The first meeting will be chaired by the Family Support Manager in a locality'].slice(0, 1));
contacts.push({
  id: 'private-fostering-notification',
  name: "Private fostering notifications (Leicester children's services)",
  role: 'Where to tell the council about a private fostering arrangement.',
  needsLocalConfiguration: true,
  note: 'The local guidance we hold gives no contact for private fostering notifications: the council must add it.',
  source: S('003', '3. Identifying Children and Families who would benefit from Early Help Assessment', 'Is a privately fostered child'),
});
fill(contacts);
wr(L + 'contacts.json', contacts);

const st = (text, extra) => ({ text, ...extra });
const OWN_POLICY = { text: "Follow your own organisation's safeguarding policy on who else to tell, and record what you did.", needsLocalConfiguration: true, note: "Not in the local guidance we hold: your organisation's own policy applies." };
const NINE = st('If the child is in immediate danger, ring 999 first.', { basis: 'The national emergency number (999), the same across England.' });
const routes = rd(L + 'routes.json');
const r = (id) => routes.find((x) => x.id === id);
Object.assign(r('universal'), {
  summary: 'Where need is relatively low level, individual services and universal services may be able to take swift action.',
  steps: [
    st('Where need is relatively low level, your own service and other universal services may be able to take swift action.', { quote: 'Where need is relatively low level individual services and universal services may be able to take swift action' }),
    st('Share information with other professionals to support early identification and assessment.', { source: S('003', 'share information with other professionals to support early identification and assessment', 'to share information with other professionals to support early identification and assessment') }),
    st('Advice points in the cluster areas give low level advice and signposting.', { source: S('004', 'Advice points based in cluster areas providing low level advice and signposting') }),
  ],
});
Object.assign(r('single-agency'), {
  steps: [
    st('A single agency response meets two or fewer unmet needs, working alongside universal services.', { quote: 'Two or less unmet needs that can be met with a single agency response working alongside universal services' }),
    st('Low level advice and signposting are available from the advice points in the cluster areas.', { source: S('004', 'Advice points based in cluster areas providing low level advice and signposting') }),
    st('The LLR Thresholds document (pages 16/17) gives examples of presenting needs.', { source: S('004', 'Unmet Need', 'Refer to pages 16/17 of the Leicester, Leicestershire and Rutland Thresholds document for examples of presenting needs') }),
    st('If the family comes to have 3 or more needs, complex and beyond a single agency, an Early Help Assessment is the route.', { source: S('004', 'Eligibly Criteria for an Early Help Assessment') }),
  ],
});
Object.assign(r('eha'), {
  summary: 'A family has 3 or more needs likely to affect the child\'s outcomes, complex and beyond a single agency: a co-ordinated multi-agency response through an EHA.',
  steps: [
    st('Gain consent at the start, explaining what will happen to the information (how it will be stored, who will have access to it).', { source: S('004', 'The EHA is a voluntary assessment process', 'must give consent at the start of the process for the assessment to take place in the full knowledge of what will happen to this information (e.g. How it will be stored, who will have access to it)') }),
    st('Complete the Early Help Assessment; the EHA support line can help with completing it and with Liquid Logic.', { source: S('004', 'Support for the Lead Practitioner', 'support with completing the EHA and navigation around the electronic case record Liquid Logic system') }),
    st('Send the EHA referral to the Early Help in Duty and Advice Team (details below), which screens all referrals and allocates eligible ones to a cluster.', { quote: ['Anyone can complete an EHA referral, sending it to the Early Help in Duty and Advice Team', 'will allocate this to the appropriate cluster'] }),
    st('A Team Around the Family (TAF) meeting updates the assessment, identifies a lead practitioner and agrees a plan, reviewed every 3 months until needs are met.', { quote: 'where the assessment will be updated, a lead practitioner identified and a plan of action agreed and reviewed every 3 months until needs are met' }),
  ],
});
Object.assign(r('masp'), {
  summary: 'The case is open to early help or social care and is high cost, not improving or escalating: a referral can be made to the panel for management oversight and decision making.',
  steps: [
    st('Refer in writing, using the referral form in place, by email (details below).', { quote: 'referrals are made in writing (using referral form in place) by sending an email to Neeta.Nayee@leicester.gov.uk' }),
    st('The panel meets monthly and can agree resources, step the case up to Child in Need, step it down to Early Help, progress it to Child Protection or refer to LARP.', { quote: ['The panel meets monthly', 'Resources agreed', 'Case stepped up to Child in Need', 'Refer to LARP'] }),
    st('Where there are immediate safeguarding concerns, refer to the Duty and Advice Service.', { source: S('004', 'Step Up from Early Help to Social Care') }),
  ],
});
Object.assign(r('step-down'), {
  steps: [
    st('The CIN meeting or CP review conference where step down is considered must be attended by a representative from the Early Help in DAS Team.', { quote: 'The CIN meeting/ CP review conference where step down is being considered must be attended by a representative from the Early Help in DAS Team' }),
    st('The social worker discusses with the family the benefit of continued support and gains written consent.', { quote: 'Discuss with the family the benefit of continued support for Early Help services and gain written consent' }),
    st('Agree whether support will be an Early Help Assessment or single agency Family Support Work.', { quote: 'It should be agreed whether this is in the form of an Early Help Assessment or single agency Family Support Work' }),
    st('With the family\'s agreement, inform the Family Support Manager in Early Help (DAS); the completed single assessment becomes the EHA.', { quote: 'can pass the complete single assessment on which will become the EHA' }),
    st('The Family Support Manager arranges the first TAF meeting within 3 weeks; the social worker attends it, and a Lead Practitioner is appointed there.', { quote: ['The Family Support Manager should arrange the first TAF (Team around the Family) meeting within 3 weeks of the case being stepped down', 'The social worker should attend the first TAF multi-agency meeting', 'a Lead Practitioner appointed from the meeting'] }),
  ],
});
Object.assign(r('duty-and-advice'), {
  summary: 'A child may be suffering, or at risk of suffering, harm: the LLR safeguarding children procedures are followed without delay.',
  steps: [
    NINE,
    st('Follow the LLR safeguarding children procedures without delay and refer to the Duty and Advice Service.', { quote: 'Leicestershire, Leicester & Rutland Safeguarding Children Board procedures should be followed without delay' }),
    st('Consent should always be sought from the child or young person and/or their parent or carer, unless to do so would place the child at increased risk of significant harm.', { source: S('004', 'The EHA is a voluntary assessment process', 'consent should always be sought from the child or young person and/or their parent/carer unless to do so would place the child at increased risk of significant harm') }),
    st('Include what you know about the child\'s developmental needs and the parents\' capacity to meet them; an existing Early Help Assessment supports the referral but is not a prerequisite.', { source: S('003', '6. Accessing Help and Services', ["When professionals refer a child, they should include any information they have on the child's developmental needs and the capacity of the child's parents or carers to meet those needs", 'Where an Early Help Assessment has already been undertaken it should be used to support a referral to Children\'s Social Care, however this is not a prerequisite for making a referral']) }),
    st('Where there is an open EHA, early help stays in place until the outcome of the social care Single Assessment is known.', { source: S('004', 'Step Up from Early Help to Social Care', 'Where there is an open EHA and a referral is made to specialist social care services the Early Help service will remain in place until the outcome of the Single Assessment undertaken by social care is known') }),
    st('Children\'s Social Care should give you feedback on the decisions taken, including, where appropriate, why the case may not meet the statutory threshold and other sources of more suitable support.', { source: S('003', '6. Accessing Help and Services', ['Feedback should be given by Children\'s Social Care to the referrer on the decisions taken', 'this feedback should include the reasons why a case may not meet the statutory threshold to be considered by Children\'s Social Care for assessment and suggestions for other sources of more suitable support']) }),
    OWN_POLICY,
  ],
});
Object.assign(r('duty-consultation'), {
  summary: 'Harm cannot be ruled out, or you remain unsure: discuss your concern with a professional from children\'s social care.',
  steps: [
    NINE,
    st('Discuss your concern with a professional from Early Help or Social Care in the local authority (the Duty and Advice Service).', { quote: "should be able to discuss concerns they may have about a child and family with a professional from Early Help Assessment and/or Social Care in the local authority" }),
    OWN_POLICY,
  ],
});
fill(routes);
wr(L + 'routes.json', routes);
