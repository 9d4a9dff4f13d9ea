import { S, fill, rd, wr } from './edit.mjs';
const L = 'localities/leicester/';
const d = rd(L + 'decision.json');
const q = (id) => d.questions.find((x) => x.id === id);
const rule = (id) => d.rules.find((x) => x.id === id);
const noOutcome4 = { outcome: { lt: 4 } };
q('needs-count').askWhen.all = q('needs-count').askWhen.all.map((c) => (c.outcome ? noOutcome4 : c));
q('agencies').askWhen.all = q('agencies').askWhen.all.map((c) => (c.outcome ? noOutcome4 : c));
q('immediate-danger').why = 'A child in immediate danger needs 999 before anything else, so this comes first (999 is the national emergency number).';
q('harm').source = S('004', 'The EHA is not appropriate for');
q('immediate-danger').source = S('004', 'The EHA is not appropriate for', 'Situations where an immediate statutory or specialist assessment is needed');
q('needs-met').source = S('004', 'Early Help Services');
q('needs-count').source = S('004', 'Eligibly Criteria for an Early Help Assessment', 'A family has 3 or more needs that are likely to impact on outcomes for children and young people');
q('exclusion').source = S('004', 'Which children, young people and families is EHA aimed at?', 'Who are particularly vulnerable (eg. Persistent truants, excluded pupils');
q('open-case').source = S('004', 'Multi Agency Support Panel (MASP)', 'Where a case is open to early help or social care and meets one of the following criteria, a referral can be made to MASP');
q('progress').source = S('004', 'Multi Agency Support Panel (MASP)');
q('escalation').source = S('003', 'If parents and/or the child do not consent to an Early Help Assessment');

rule('immediate-danger').reason = 'You said the child is, or may be, in immediate danger: ring 999 now (the national emergency number), then follow the safeguarding procedures without delay.';
rule('harm').reason = 'There is concern that the child may be suffering, or may be at risk of suffering, harm (harm happening or likely, not only being in a group that may benefit from early help): an EHA is not appropriate, and the LLR safeguarding procedures are followed without delay.';
rule('harm-unsure').reason = 'Harm cannot be ruled out. Practitioners should be able to discuss their concerns about a child with a professional from children\'s social care: do that now.';
rule('acute-need').reason = "The child has needs that call for children's social care: where there are more complex needs, help may be provided under Section 17 of the Children Act 1989 (children in need), so refer to the Duty and Advice Service.";
rule('consent-refused-escalating').reason = "The family does not consent to an Early Help Assessment and you judge the child's needs will escalate without help: a referral into children's social care may be necessary.";
rule('masp').reason = 'The case is open to early help or social care and is high cost, not improving or escalating: it meets the criteria for a referral to the Multi Agency Support Panel.';
rule('step-down').reason = "The child is no longer assessed as a child in need but ongoing support is required from early help: step down, with the family's consent to the support and to information being shared.";
rule('step-down').source = S('004', 'Step Down from Social Care to Early Help', "If a decision has been made that a child is no longer assessed as a child 'in need' (CIN) but ongoing support is required from Early Help services and the family have given consent to the support and to information being shared");
// The joint criterion: 3 or more needs AND beyond a single agency (004, Eligibly Criteria).
const i = d.rules.findIndex((x) => x.id === 'eha-three-or-more-needs');
d.rules.splice(i, 1,
  {
    id: 'eha-three-or-more-needs',
    when: { all: [{ answer: 'needs-count', is: 'three-or-more' }, { answer: 'agencies', in: ['yes', 'unsure'] }] },
    level: 3,
    route: 'eha',
    reason: 'The family has 3 or more needs likely to affect the child\'s outcomes, and they are beyond the remit and capacity of a single agency: both parts of the eligibility criteria for an Early Help Assessment.',
    source: S('004', 'Eligibly Criteria for an Early Help Assessment'),
  },
  {
    id: 'eha-needs-described',
    when: { fact: 'needsCount', gte: { param: 'ehaNeedsCount' } },
    unless: { any: [{ answer: 'needs-count', in: ['one', 'two'] }, { answer: 'agencies', is: 'no' }] },
    level: 3,
    route: 'eha',
    reason: 'What you describe suggests 3 or more needs likely to affect the child\'s outcomes. An EHA also needs them to be beyond what a single agency can meet: if one agency can meet them, say so, and the route is a single agency response.',
    source: S('004', 'Eligibly Criteria for an Early Help Assessment'),
  },
  {
    id: 'complex-need-described',
    when: { indicator: { minLevel: 3, status: ['present'] } },
    unless: { any: [{ answer: 'needs-count', in: ['one', 'two'] }, { answer: 'agencies', is: 'no' }] },
    level: 3,
    route: 'eha',
    reason: 'What you describe is a complex need that may be beyond what a single agency can meet. The EHA criteria are 3 or more needs and beyond a single agency: the questions check both, and if one agency can meet the needs the route is a single agency response.',
    source: S('004', 'Eligibly Criteria for an Early Help Assessment', 'These needs are complex and are beyond the remit and capacity of a single agency response'),
  },
);
rule('single-agency').reason = 'Two or fewer unmet needs, or needs that one agency can meet: a single agency response working alongside universal services.';
rule('exclusion-vulnerable').reason = 'Excluded pupils are among the particularly vulnerable children the Early Help Assessment is aimed at: consider whether an EHA would help.';
rule('exclusion-vulnerable').action = { text: 'Talk to the family about whether an Early Help Assessment would help.', quote: 'excluded pupils' };
rule('eha-needs-consent').reason = 'The EHA is a voluntary assessment: the child or young person and/or their parent or carer must give consent at the start, in the full knowledge of what will happen to the information.';
rule('eha-needs-consent').action = { text: 'Explain the EHA, how the information will be stored and who will have access to it, and gain consent before you begin.', quote: '(e.g. How it will be stored, who will have access to it)' };
rule('consent-refused').reason = 'Practitioners should be tenacious in their attempts to persuade parents and carers to give consent, explaining the benefits clearly. Where the family resists and you feel the situation will deteriorate without support, you must discuss it with your manager.';
rule('consent-refused').action = { text: 'Discuss the situation with your manager to consider what action to take, and tell the family the agencies\' next steps unless there is clear evidence this would be detrimental to the child\'s safety.', source: S('004', 'Where there is resistance from a family', ['the worker must discuss the situation with their manager to consider what action to take', "The family must be informed of the agencies' next steps unless there is clear evidence that this would be detrimental to a child in terms of their safety"]) };
rule('step-up').reason = 'Where the needs have become more complex and may need advice from social care, a referral should be made to MASP; where there are immediate safeguarding concerns, to the Duty and Advice Service.';
rule('step-up').source = S('004', 'Step Up from Early Help to Social Care', ['a referral should be made to the MASP (Multi Agency Support Panel) for discussion and action agreed', 'In the case where there are immediate safeguarding concerns, a referral to the Duty and Advice Service should be made']);
rule('step-up').action = { text: 'Before a referral to the Duty and Assessment Team, review the EHA paperwork for every change and newly identified need, communicate your concerns with the family, and be familiar with the threshold criteria.', quote: ['Prior to the referral to the Duty and Assessment Team, the Lead Practitioner should', 'Review the Early Help assessment paperwork', 'Communicate their concerns with the family', 'Be familiar with the threshold criteria for level of need'] };
d.rules.push({
  id: 'early-help-within-a-plan',
  when: { answer: 'open-case', is: 'social-care' },
  reason: 'Early help services can undertake a specific piece of work as part of a child in need, child protection or looked after child plan without a formal EHA.',
  source: S('004', 'Step Up from Early Help to Social Care', 'early help services can undertake a specific piece of work as part of a child in need, child protection or LAC plan without the need to make a formal EHA'),
});
d.rules.push({
  id: 'missing-return-interview',
  when: { any: [{ indicator: { id: 'missing', status: ['present'] } }, { indicator: { id: 'missing-episode', status: ['present'] } }] },
  reason: 'For a young person reported missing from home, the Early Help in Duty and Advice Team ensures a return interview is completed.',
  action: { text: 'Check that a return interview has been completed after each time the young person was reported missing from home.', quote: 'Ensuring that return interviews are completed for those young people reported missing from home' },
  source: S('004', 'Early Help in Duty and Advice Team'),
});
d.rules.push({
  id: 'early-help-group',
  when: { indicator: { group: true, harm: false, status: ['present'] } },
  onlyBelowLevel: 4,
  reason: 'What you describe puts the child in a group that Working Together to Safeguard Children names as one that may benefit from early help. Being in such a group is not by itself significant harm; if you think harm is happening or likely, answer yes to the harm question.',
  source: S('003', '3. Identifying Children and Families who would benefit from Early Help Assessment'),
});
d.rules.push({
  id: 'private-fostering',
  when: { indicator: { id: 'privately-fostered', status: ['present'] } },
  reason: 'A privately fostered child is among the children Working Together says may benefit from early help. Private fostering is not by itself significant harm, but the council must be notified of the arrangement.',
  action: { text: "Make sure the council's children's services know about the arrangement: the parents and the private foster carer must notify the council, and a practitioner who learns of an arrangement should tell the council.", basis: 'National law and guidance, not the local documents we hold: Children Act 1989 section 66 and Schedule 8; the Children (Private Arrangements for Fostering) Regulations 2005.' },
  contacts: ['private-fostering-notification'],
  source: S('003', '3. Identifying Children and Families who would benefit from Early Help Assessment', 'Is a privately fostered child'),
});
fill(d);
wr(L + 'decision.json', d);
