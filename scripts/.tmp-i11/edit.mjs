// One-off data edit for issue 11 (not committed): quotes, corrected rules, marked content.
import { readFileSync, writeFileSync } from 'node:fs';
const K = '/work/wt/i11/knowledge/';
const rd = (f) => JSON.parse(readFileSync(K + f, 'utf8'));
const wr = (f, d) => writeFileSync(K + f, JSON.stringify(d, null, 2) + '\n');

const Q = {
  '000|A shared responsibility': 'Everyone working with children and young people has a responsibility to safeguard children and young people and promote their welfare',
  '000|An Early Help Assessment (CAF) can only be undertaken with the informed and explicit written consent': 'An Early Help Assessment (CAF) can only be undertaken with the informed and explicit written consent from the child/young person and/or their parents/carers',
  '000|Any child or young person who may be subject to a school exclusion should be offered a common assessment': 'Any child or young person who may be subject to a school exclusion should be offered a common assessment to explore their needs in the widest sense',
  '000|Co-ordinating and delivering Integrated Early Help Services': 'The Lead Professional acts as the main point of contact for the child or young person and their family, and co-ordinates delivery of integrated services',
  '000|Early Help Model': ['Level 1 – equates to Universal Services in Health', 'Level 4 – where statutory intervention is needed'],
  '000|Early Help and Integrated Working': "The aim of the Early Help Assessment (CAF) is to help identify, at the earliest opportunity, a child or young person's additional multiple needs which cannot be met by a single agency",
  '000|Early Help and SEND Reform': 'Integrated assessment and planning 0-25',
  '000|Forming the Team around the Child (TAC)': 'Where a multi-agency response is required the Team around the Child (TAC) is formed',
  '000|Information Sharing': 'Information sharing is essential to enable early intervention and preventative work, for safeguarding and promoting welfare, and for wider public protection',
  '000|Level 1: Providing Early Help Services and Interventions': 'In the majority of cases, a child or young person’s needs are addressed at this early stage',
  '000|Level 2: Identifying Additional Needs': 'These needs can be met by a single agency but again, an early help assessment (CAF) will ensure that any services provided keep the child at the centre and are needs-led',
  '000|Level 3: Assessing High or Complex Needs': 'Children or young people who have high or multiple needs, which require a co-ordinated response from two or more agencies',
  '000|Level 4: Acute or complex needs leading to eligibility for statutory assessment': "Children and young people with acute or complex needs at level 4 are eligible to statutory assessment e.g from Children's Social Care or specialist Child and Adolescent Mental Health services",
  '000|Level 4: Child Protection Procedures and Early Help': 'is experiencing or may already have experienced abuse or chronic neglect',
  '000|They will move up through the levels only when lower levels of support are not adequate': 'They will move up through the levels only when lower levels of support are not adequate for them',
  '000|Tracking Distance Travelled and Reviewing Progress': "Both the reviews and distance-travelled tool will inform whether a child or young person needs to 'step up' into more specialist services for children with complex or acute needs or 'step down' to receive single agency or universal services",
  '000|Where there are signs that a child, young person or an unborn baby': 'Where there are signs that a child, young person or an unborn baby',
  '000|is likely to suffer significant harm in the future': 'is likely to suffer significant harm in the future',
  '000|make an immediate referral to the Referral and Assessment Service': "If there are child protection concerns, professionals must follow the South West Child Protection Procedures and make an immediate referral to the Referral and Assessment Service for Children's Social Care",
  '000|specialist Child and Adolescent Mental Health services': 'specialist Child and Adolescent Mental Health services',
  '000|will move back down as soon as their needs can be met by services at the lower level': 'will move back down as soon as their needs can be met by services at the lower level',
  '001|A One Minute Guide to Early Help': 'Early Help means providing effective support to children and young people as soon as needs start to be identified',
  '001|Continuum of Need diagram': 'known locally as the “windscreen” which shows where early help sits between universal and statutory social care',
  '001|Family Information Service': 'Further information on a wide range of universal services, can be found at the online [Bath and North East Somerset Family Information Service]',
  '001|Further information on a wide range of universal services': 'Further information on a wide range of universal services, can be found at the online [Bath and North East Somerset Family Information Service]',
  '001|Level 2 – Early Help Targeted Support': ['Needs are clear and you know what service could help.', 'Refer directly to the service'],
  '001|Level 2/3 – Common Assessment Framework': 'Begin a common assessment with the child, young person or family. This is a voluntary process and signed consent is needed',
  '001|Level 4 - Request for Service from Social Care': 'Contact the Council’s Social Care Duty team, on 01225 396312 or 01225 396313 to discuss concerns and get guidance on the most appropriate course of action and to complete a Request for Service',
  '001|Needs are clear and you know what service could help.': 'Needs are clear and you know what service could help. Level 2 – Early Help Targeted Support Refer directly to the service',
  '001|Needs are unclear, multiple or complex requiring the input of several agencies.': 'Needs are unclear, multiple or complex requiring the input of several agencies. Level 2/3 – Common Assessment Framework Begin a common assessment with the child, young person or family',
  '001|use local child protection procedures': 'If you believe a child or young person is at risk of significant harm, rather than in need of early help, use local child protection procedures, visit www.online-procedures.co.uk/swcpp',
  '001|you are still unsure, you can contact Children’s Social Care Duty team': 'you are still unsure, you can contact Children’s Social Care Duty team for further guidance on 01225 396312 or 01225 396313',
  '002|Children Centre Services- families with children aged 0-5 years (B&NES and First Steps)': 'Children Centre Services- families with children aged 0-5 years (B&NES and First Steps)',
  '002|Compass (B&NES) - young people': 'Compass (B&NES) - young people',
  '002|Connecting Families (B&NES) families with complex need and children aged 0- 19': 'Connecting Families (B&NES) families with complex need and children aged 0- 19',
  '002|Family Support and Play Service (starts in November delivered by Southside partnership with BAPP)': 'Family Support and Play Service (starts in November delivered by Southside partnership with BAPP) - families with children aged 5 plus',
  '002|Maternity, Health Visitor and School Nurse Service': 'including Maternity, Health Visitor and School Nurse Service',
  '002|Mentoring Support (Mentoring Plus) - young people': 'Mentoring Support (Mentoring Plus) - young people',
  '002|Preventative early help services which provide targeted support include': 'Preventative early help services which provide targeted support include',
  '002|The Integrated Working Team supports all arrangements for Common Assessments': 'The Integrated Working Team supports all arrangements for Common Assessments and related activity, including Team around the Child/Family and the role of lead professionals',
  '002|Youth Connect targeted support (B&NES) - young people': 'Youth Connect targeted support (B&NES) - young people',
  '003|2. Early Help Assessment': 'Some early help is provided through ‘universal services’, such as education and health services. They are universal services because they are available to all families, regardless of their needs',
  '003|4. Effective Assessment of the Need for Early Help Assessment': 'Early Help Assessment should be undertaken by a lead practitioner who should provide support to the child and family, act as an advocate on their behalf and coordinate the delivery of support services',
  '003|6. Accessing Help and Services': 'Where need is relatively low level individual services and universal services may be able to take swift action',
  '003|Early Help Assessment should be undertaken by a lead practitioner': 'Early Help Assessment should be undertaken by a lead practitioner who should provide support to the child and family, act as an advocate on their behalf and coordinate the delivery of support services',
  '003|If parents and/or the child do not consent to an Early Help Assessment': "If parents and/or the child do not consent to an Early Help Assessment, the lead practitioner / Practitioner should make a judgement as to whether, without help, the needs of the child will escalate. If so, a referral into local authority Children's Social Care may be necessary",
  '003|Where there are more complex needs, help may be provided under Section 17 of the Children Act 1989': 'Where there are more complex needs, help may be provided under Section 17 of the Children Act 1989 (children in need)',
  '003|reasonable cause to suspect a child is suffering or likely to suffer Significant Harm': 'Where there are child protection concerns (reasonable cause to suspect a child is suffering or likely to suffer Significant Harm) local authority Social Care services must make enquiries',
  '003|should be able to discuss concerns they may have about a child and family with a professional': "A teacher, GP, health visitor, youth worker, early years' worker or other professional should be able to discuss concerns they may have about a child and family with a professional from Early Help Assessment and/or Social Care in the local authority",
  '003|3. Identifying Children and Families who would benefit from Early Help Assessment': 'Any child may benefit from early help, but practitioners should, in particular, be alert to the potential need for early help for a child who',
  '004|Advice points based in cluster areas providing low level advice and signposting': 'Advice points based in cluster areas providing low level advice and signposting',
  '004|Advice points based in cluster areas': 'Advice points based in cluster areas providing low level advice and signposting',
  '004|EARLY HELP PATHWAY': ['Email to Early-Help@leicester.gov.uk', 'or Tel: 0116 4545889'],
  '004|Early Help Assessment Plans': 'Identify Review Date within the agreed timescale of 3 months',
  '004|Early Help Services': 'Early Help services in Leicester are for children young people and families whose needs are not being met by routine services but who do not need specialist services',
  '004|Early Help in Duty and Advice Team': 'Screening all EHA referrals and ensuring co-ordination and distribution of work to be passed out to locality/ cluster areas',
  '004|Eligibly Criteria for an Early Help Assessment': ['A family has 3 or more needs that are likely to impact on outcomes for children and young people', 'These needs are complex and are beyond the remit and capacity of a single agency response'],
  '004|Identify Review Date within the agreed timescale of 3 months': 'Identify Review Date within the agreed timescale of 3 months',
  '004|Multi Agency Support Panel (MASP)': ['Where a case is open to early help or social care and meets one of the following criteria, a referral can be made to MASP', 'High cost to the authority', 'No improvement', 'Escalation of problems'],
  '004|Practitioners should be tenacious in their attempts to persuade parents/carers to give consent': 'Practitioners should be tenacious in their attempts to persuade parents/carers to give consent',
  "004|Priority Children and Young People's Meeting": 'professionals will alert the appropriate Family Support Manager when they assess that an Early Help assessment (EHA) is required to support a family',
  '004|Purpose of the Panel': 'To provide management oversight and enable decision making',
  '004|Referral Process for an EHA': 'Anyone can complete an EHA referral, sending it to the Early Help in Duty and Advice Team',
  '004|Single Agency Response': 'Two or less unmet needs that can be met with a single agency response working alongside universal services',
  '004|Step Down from Social Care to Early Help': 'The CIN meeting/ CP review conference where step down is being considered must be attended by a representative from the Early Help in DAS Team',
  '004|Step Up from Early Help to Social Care': 'In the case where there are immediate safeguarding concerns, a referral to the Duty and Advice Service should be made',
  '004|Support for the Lead Practitioner': 'Email: Early-Help-Queries@leicester.gov.uk Telephone: 0116 4541694',
  '004|The EHA is a voluntary assessment process': 'a child or young person and/or their parent/carer must give consent at the start of the process for the assessment to take place in the full knowledge of what will happen to this information',
  '004|The EHA is not appropriate for': 'A child or young person about whom there is concern that they may be suffering, or may be at risk of suffering, harm. In such instances, Leicestershire, Leicester & Rutland Safeguarding Children Board procedures should be followed without delay',
  '004|The Early Help Assessment (formerly CAF)': 'From February 2015, we will no longer be using the language of the Common Assessment Framework (CAF) and have developed the Early Help Assessment',
  '004|The Family Support Manager should arrange the first TAF (Team around the Family) meeting within 3 weeks': 'The Family Support Manager should arrange the first TAF (Team around the Family) meeting within 3 weeks of the case being stepped down',
  '004|The panel meets monthly': 'The panel meets monthly',
  '004|These needs are complex and are beyond the remit and capacity of a single agency response': 'These needs are complex and are beyond the remit and capacity of a single agency response',
  '004|Unmet Need': 'An unmet need is a need that cannot be met by an agency in terms of not having the ability to respond to the particular need',
  '004|Where there is resistance from a family': 'Where there is resistance from a family, and the worker feels that without further support the situation will deteriorate, resulting in a referral to Social Care, the worker must discuss the situation with their manager to consider what action to take',
  '004|Which children, young people and families is EHA aimed at?': 'The EHA is aimed at children and young people with complex needs',
  '004|Who are particularly vulnerable': 'Who are particularly vulnerable (eg. Persistent truants, excluded pupils, sexually exploited children, victims of crime and young runaways)',
  '004|Why have an EHA?': 'the most effective way of supporting a family where there are multiple issues with more than one service involved is to coordinate those agencies to meet on a regular basis with the family included to develop an action plan with outcomes',
  '004|assessments can be carried out up to the age of 25': 'For young people with learning difficulties or disabilities, assessments can be carried out up to the age of 25',
};
export const S = (file, section, quote) => ({ file: { '000': '000_6a056c61bb6d97c9.txt', '001': '001_1d57dd8bc7812759.txt', '002': '002_bde4ac949c70357d.txt', '003': '003_2b5be95bd75fb848.txt', '004': '004_1747f0fdca566f6a.txt' }[file], section, quote: quote ?? Q[`${file}|${section}`] ?? (() => { throw new Error(`no quote for ${file}|${section}`); })() });

/** Give every source without a quote its section's default quote. */
function fill(v) {
  if (Array.isArray(v)) return v.forEach(fill);
  if (!v || typeof v !== 'object') return;
  if (v.source && v.source.file && v.source.quote === undefined) {
    const k = `${v.source.file.slice(0, 3)}|${v.source.section}`;
    if (!(k in Q)) throw new Error('no default quote for ' + k);
    v.source.quote = Q[k];
  }
  for (const x of Object.values(v)) fill(x);
}
export { Q, fill, rd, wr };
