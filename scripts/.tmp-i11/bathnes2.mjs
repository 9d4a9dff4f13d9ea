import { S, fill, rd, wr } from './edit.mjs';
const L = 'localities/bathnes/';
const d = rd(L + 'decision.json');
const q = (id) => d.questions.find((x) => x.id === id);
const rule = (id) => d.rules.find((x) => x.id === id);
const noOutcome4 = { outcome: { lt: 4 } };
// The practitioner's answers to these two are asked even when the description alone suggests a CAF,
// because "the needs are clear and one service can meet them" sets that presumption aside.
q('needs-clear').askWhen.all = q('needs-clear').askWhen.all.map((c) => (c.outcome ? noOutcome4 : c));
q('agencies').askWhen.all = q('agencies').askWhen.all.map((c) => (c.outcome ? noOutcome4 : c));
q('harm').source = S('000', 'Level 4: Child Protection Procedures and Early Help', ['is experiencing or may already have experienced abuse or chronic neglect', 'is likely to suffer significant harm in the future']);
q('immediate-danger').source = { file: '001_1d57dd8bc7812759.txt', section: 'Child or young person is at risk of significant harm', quote: 'Child or young person is at risk of significant harm' };
q('immediate-danger').why = 'A child in immediate danger needs 999 before anything else, so this comes first (999 is the national emergency number).';
q('needs-met').why = "Most children's needs are met at this early stage by universal services; if they are not met, the next level is considered.";
q('needs-met').source = S('000', 'Level 1: Providing Early Help Services and Interventions', ['In the majority of cases, a child or young person’s needs are addressed at this early stage', "If the child's needs are not met, then move to Level 2"]);
q('needs-clear').why = 'In B&NES, when the needs are clear and you know what service could help you refer directly; when they are unclear, multiple or complex a common assessment (CAF) begins.';
q('needs-clear').source = S('001', 'Needs are clear and you know what service could help.', 'Needs are clear and you know what service could help.');
q('agencies').source = S('000', 'Level 3: Assessing High or Complex Needs');
q('exclusion').source = S('000', 'Level 2: Identifying Additional Needs', 'Any child or young person who may be subject to a school exclusion should be offered a common assessment to explore their needs in the widest sense');
q('open-case').why = "Reviews inform whether a child steps up into more specialist services or steps down, rather than starting again.";
q('progress').why = "The reviews and the Distance-Travelled Tool inform whether a child steps up into more specialist services or steps down to single agency or universal services.";
q('consent').source = S('000', 'An Early Help Assessment (CAF) can only be undertaken with the informed and explicit written consent');
q('escalation').source = S('003', 'If parents and/or the child do not consent to an Early Help Assessment');

rule('immediate-danger').reason = "You said the child is, or may be, in immediate danger: ring 999 now (the national emergency number), then the Children's Social Care Duty team.";
rule('immediate-danger').source = S('001', 'Level 4 - Request for Service from Social Care');
rule('harm').reason = "There are signs that harm is happening or has happened (abuse or chronic neglect), or that the child is likely to suffer significant harm in the future: make a referral to Children's Social Care under the South West Child Protection Procedures.";
rule('harm').source = S('000', 'Level 4: Child Protection Procedures and Early Help', ['is experiencing or may already have experienced abuse or chronic neglect', 'is likely to suffer significant harm in the future', "a referral to Children's Social Care Referral and Assessment Team needs to be made"]);
rule('harm-unsure').reason = "Harm cannot be ruled out. When you are still unsure, the guidance is that you can contact the Children's Social Care Duty team for further guidance.";
rule('acute-need').reason = "The child has acute or complex needs at level 4, which make them eligible for a statutory assessment from Children's Social Care: make a Request for Service.";
rule('acute-need').source = S('000', 'Level 4: Acute or complex needs leading to eligibility for statutory assessment', 'Children and young people with acute or complex needs at level 4 are eligible to statutory assessment');
rule('consent-refused-escalating').reason = "The family does not consent to a common assessment and you judge the child's needs will escalate without help: national guidance says a referral to children's social care may then be necessary, so consult the Duty team.";

// CAF: answered paths are firm; paths presumed from the description give way to the practitioner's
// "needs are clear and one service can meet them" (One Minute Guide, Level 2 row).
const i = d.rules.findIndex((x) => x.id === 'needs-unclear-or-multiple');
const cafReason = 'The needs are unclear, multiple or complex and require the input of several agencies: begin a common assessment (CAF, Level 2/3) with the child, young person or family.';
d.rules.splice(i, 1,
  {
    id: 'needs-unclear-or-multiple',
    when: { any: [{ answer: 'needs-clear', is: 'no' }, { answer: 'agencies', in: ['yes', 'unsure'] }] },
    level: 3,
    route: 'caf',
    reason: cafReason,
    source: S('001', 'Needs are unclear, multiple or complex requiring the input of several agencies.'),
  },
  {
    id: 'multiple-needs-described',
    when: { any: [{ fact: 'needsCount', gte: { param: 'multipleNeedsCount' } }, { indicator: { minLevel: 3, status: ['present'] } }] },
    unless: { all: [{ answer: 'needs-clear', is: 'yes' }, { answer: 'agencies', is: 'no' }] },
    level: 3,
    route: 'caf',
    reason: 'What you describe suggests multiple or complex needs that may require several agencies, where a common assessment (CAF, Level 2/3) begins. If the needs are clear and you know one service that could help, say so: the route is then to refer directly.',
    source: S('001', 'Needs are unclear, multiple or complex requiring the input of several agencies.'),
  },
);
rule('needs-clear').reason = 'The needs are clear and you know what service could help: refer directly to the service (Level 2, Early Help Targeted Support).';
rule('needs-clear').source = S('001', 'Needs are clear and you know what service could help.');
rule('exclusion-offer-caf').action = { text: 'Offer the child or young person a common assessment (CAF).', quote: 'should be offered a common assessment' };
rule('caf-needs-consent').reason = 'A CAF can only be undertaken with the informed and explicit written consent of the child or young person and/or their parents or carers.';
rule('caf-needs-consent').action = { text: 'Begin the common assessment only once the family have given signed consent: it is a voluntary process.', source: S('001', 'Level 2/3 – Common Assessment Framework', 'This is a voluntary process and signed consent is needed') };
rule('consent-refused').reason = 'Without consent a CAF cannot go ahead. Judge whether, without help, the child\'s needs will escalate (national guidance); if you are still unsure after consulting colleagues or your manager, you can contact the Duty team for further guidance.';
rule('consent-refused').action = { text: 'Talk it through with colleagues or your manager; if you are still unsure, contact the Children\'s Social Care Duty team for further guidance.', source: S('001', 'you are still unsure, you can contact Children’s Social Care Duty team', 'consulting colleagues or your manager you are still unsure, you can contact Children’s Social Care Duty team for further guidance') };
rule('step-up').reason = 'Reviews show the support is not enough: a child moves up the levels only when lower levels of support are not adequate. The TAC reviews and the Distance-Travelled Tool inform a step up into more specialist services.';
rule('step-up').action = { text: 'Review progress with the Team Around the Child and the Distance-Travelled Tool; if you believe the child is at risk of significant harm, contact the Duty team.', source: S('000', 'Tracking Distance Travelled and Reviewing Progress') };
rule('step-down').reason = 'Children move back down as soon as their needs can be met by services at the lower level: the reviews and the Distance-Travelled Tool inform a step down to single agency or universal services.';
rule('step-down').action = { text: 'Use the TAC review and the Distance-Travelled Tool to agree the step down to single agency or universal services.', source: S('000', 'Tracking Distance Travelled and Reviewing Progress') };
// CAF at level 2 as well as 3 (One Minute Guide "Level 2/3"; Early Help Offer, Level 2).
d.rules.push({
  id: 'caf-at-level-2',
  when: { outcome: { gte: 2, lt: 3 } },
  reason: 'A CAF is not only for level 3: the One Minute Guide places the Common Assessment Framework at Level 2/3, and at level 2 an early help assessment (CAF) keeps the child at the centre and the help needs-led.',
  action: { text: 'Consider offering the family a common assessment (CAF) alongside the referral.', quote: 'an early help assessment (CAF) will ensure that any services provided keep the child at the centre and are needs-led' },
  source: S('000', 'Level 2: Identifying Additional Needs'),
});
d.rules.push({
  id: 'early-help-group',
  when: { indicator: { group: true, harm: false, status: ['present'] } },
  onlyBelowLevel: 4,
  reason: 'What you describe puts the child in a group that national guidance (Working Together to Safeguard Children) names as one that may benefit from early help. Being in such a group is not by itself significant harm; if you think harm is happening or likely, answer yes to the harm question.',
  source: S('003', '3. Identifying Children and Families who would benefit from Early Help Assessment'),
});
d.rules.push({
  id: 'private-fostering',
  when: { indicator: { id: 'privately-fostered', status: ['present'] } },
  reason: 'A privately fostered child is among the children national guidance says may benefit from early help. Private fostering is not by itself significant harm, but the council must be notified of the arrangement.',
  action: { text: "Make sure the council's children's services know about the arrangement: the parents and the private foster carer must notify the council, and a practitioner who learns of an arrangement should tell the council.", basis: 'National law and guidance, not the local documents we hold: Children Act 1989 section 66 and Schedule 8; the Children (Private Arrangements for Fostering) Regulations 2005.' },
  contacts: ['private-fostering-notification'],
  source: S('003', '3. Identifying Children and Families who would benefit from Early Help Assessment', 'Is a privately fostered child'),
});
fill(d);
wr(L + 'decision.json', d);
