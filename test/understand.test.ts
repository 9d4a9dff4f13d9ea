// Reading a practitioner's own words: indicators with their evidence, and the context that
// changes their meaning. Each hard case from the issue has its own test, named for what a
// practitioner would expect.
import { describe, expect, it } from 'vitest';
import { triage } from '../knowledge/triage.ts';
import { Understanding, type Finding } from '../knowledge/understand/index.ts';
import { knowledge } from './helpers/knowledge.ts';

const understanding = new Understanding(knowledge().vocabulary);
const read = (text: string, age?: number) => understanding.understand(text, { age, nonMobileBabyMonths: 6, persistentAbsencePercent: 90 });
const find = (text: string, id: string, age?: number): Finding | undefined => read(text, age).indicators.find((i) => i.id === id);
const level = (text: string, locality = 'bathnes', age?: number) =>
  triage(knowledge(), { text, locality, age }, { defaultLocality: locality, understanding });

describe('negation is scoped, so a disclosure behind "no marks" still reaches the duty team', () => {
  it('"no marks but she said dad hit her" finds the disclosure of physical abuse', async () => {
    const f = find('No marks but she said dad hit her last night', 'physical-abuse');
    expect(f?.status).toBe('present');
    expect(level('No marks but she said dad hit her last night').level).toBe(4);
  });

  it('"no marks, he told me his stepdad punched him" keeps the punch', async () => {
    expect(find('No marks, he told me his stepdad punched him', 'physical-abuse')?.status).toBe('present');
  });

  it('"denies anyone has hurt her" is negated but asked about, not dropped', async () => {
    const r = level('She denies anyone has hit her and says the bruise on her arm was from PE', 'leicester', 9);
    expect(r.level).toBeLessThan(4);
    const physical = r.indicators.find((i) => i.id === 'physical-abuse');
    expect(physical?.negated).toBe(true);
    expect(r.questions.map((q) => q.id)).toContain('confirm-physical-abuse');
  });

  it('"nothing sexual" is negated, and the online harm is still asked about', async () => {
    const r = level('Gaming till 2am, chatting to people on it but nothing sexual, nobody asking him to send nudes', 'leicester', 13);
    expect(r.indicators.find((i) => i.id === 'online-sexual-harm')?.negated).toBe(true);
    expect(r.level).toBeLessThan(4);
    expect(r.questions.some((q) => q.id === 'confirm-online-sexual-harm')).toBe(true);
  });

  it('"hasn\'t been hit" is negated', async () => {
    expect(find("He says he hasn't been hit at home", 'physical-abuse')?.status).toBe('negated');
  });

  it('a list after "no" is negated item by item: "no bruising, marks or injuries"', async () => {
    expect(find('Seen at clinic today, no bruising, marks or injuries, happy baby', 'injury', 2)?.status).toBe('negated');
  });

  it('a new person after a comma ends the negation: "no DV, dad hit him on Friday"', async () => {
    expect(find('Mum says no DV, dad hit him on Friday', 'physical-abuse')?.status).toBe('present');
  });

  it('a question the child answered no to is negated: "asked if she had thought about ending her life, she said no"', async () => {
    expect(find('I asked if she had thought about ending her life and she said no', 'suicide-risk')?.status).toBe('negated');
  });

  it('a question the child did not answer stays uncertain, and so goes to the duty team', async () => {
    const r = level('I asked him if anyone at home hurts him and he went quiet and changed the subject', 'bathnes', 8);
    expect(r.level).toBe(4);
  });
});

describe('uncertainty about harm resolves upward', () => {
  for (const text of [
    'I think he might be being hit at home',
    'not sure if she is being touched by the lodger',
    'possibly being groomed by an older boy online?',
    'wondering whether dad hits him',
  ]) {
    it(`"${text}" goes to the duty team as a possible harm`, async () => {
      const r = level(text, 'leicester', 12);
      expect(r.level).toBe(4);
      expect(r.harmIndicated).toBe(true);
      expect(r.indicators.some((i) => i.harm && i.status !== 'negated')).toBe(true);
    });
  }

  it('a hedged need still counts as a need', async () => {
    const r = level('mum might be struggling with her mental health, and they may be getting evicted, and his speech is maybe behind', 'leicester', 3);
    expect(r.level).toBe(3);
  });
});

describe('the past is recognised', () => {
  it('domestic abuse in the past is a need, not an emergency', async () => {
    const r = level('Mum left her violent ex last year after years of domestic violence, he has no contact now', 'bathnes', 9);
    expect(r.level).toBe(3);
    expect(r.indicators.find((i) => i.id === 'domestic-abuse')?.status).toBe('present');
  });

  it('a domestic incident last night is current and goes to the duty team', async () => {
    expect(level('Police were called to the house last night, dad had his hands round mum\'s throat', 'bathnes', 9).level).toBe(4);
  });

  it('"historic" and "in the past" mark the finding as historic', async () => {
    expect(find('There is historic domestic violence in the family', 'past-domestic-abuse')?.historic).toBe(true);
    const past = read('In the past mum used heroin, she is now in recovery');
    expect(past.indicators.map((i) => i.id)).toEqual(['past-substance-misuse']);
    expect(past.indicators[0]!.historic).toBe(true);
  });
});

describe('who it is about', () => {
  it("mum's depression is the parent's mental health, not the child's", async () => {
    const r = read("Mum's depression is really bad at the moment");
    expect(r.indicators.map((i) => i.id)).toContain('parental-mental-health');
    expect(r.indicators.map((i) => i.id)).not.toContain('emotional-health');
  });

  it("the child's own low mood is the child's emotional health", async () => {
    expect(read('He has been really low and anxious since Christmas').indicators.map((i) => i.id)).toContain('emotional-health');
  });

  it('"mum says he\'s not sleeping" is about the child, not mum', async () => {
    expect(read("Mum says he's not sleeping and has nightmares").indicators.map((i) => i.id)).toContain('emotional-health');
  });

  it("dad's drinking is parental substance misuse", async () => {
    expect(read("Dad's drinking has got worse since he lost his job").indicators.map((i) => i.id)).toContain('parental-substance-misuse');
  });

  it('a sibling who has stopped going to school still counts as a need in the family', async () => {
    expect(read("His 12 yo sister's stopped going to school").indicators.map((i) => i.id)).toContain('persistent-absence');
  });

  it('another child hitting him is a peer problem, not abuse at home', async () => {
    const r = level('A boy in his class hit him at break and he was upset', 'bathnes', 7);
    expect(r.level).toBeLessThan(4);
    expect(r.indicators.map((i) => i.id)).toContain('bullying');
  });
});

describe('an explanation changes the weight of an injury, except for a baby not yet mobile', () => {
  it('a bruise from football, explained and seen by mum, is not level 4', async () => {
    const r = level('He has a bruise on his shin from football at the weekend, explained, seen by mum', 'bathnes', 10);
    expect(r.level).toBeLessThan(4);
    expect(r.indicators.find((i) => i.id === 'injury')?.negated).toBe(true);
  });

  it('a bruise with no explanation is talked through with the duty team', async () => {
    const r = level('She has a bruise on her upper arm today', 'bathnes', 10);
    expect(r.level).toBe(4);
    expect(r.route.id).toBe('duty-consultation');
  });

  it('any bruise on a baby who is not yet mobile is level 4, however plausible the explanation', async () => {
    const r = level('5 month old with a small bruise on his cheek, mum thinks his sister did it with a toy', 'leicester');
    expect(r.level).toBe(4);
    expect(r.indicators[0]!.id).toBe('bruise-non-mobile-baby');
  });

  it('"not rolling yet" makes an older baby non-mobile too', async () => {
    expect(level('9 month old, not rolling yet, red mark on her ear', 'bathnes').level).toBe(4);
  });

  it('a crawling baby\'s explained bump is not the non-mobile baby rule', async () => {
    const r = level('11 month old, crawling everywhere, bumped her head on the coffee table, mum saw it happen', 'bathnes');
    expect(r.indicators.map((i) => i.id)).not.toContain('bruise-non-mobile-baby');
    expect(r.level).toBeLessThan(4);
  });

  it('a pattern injury is not explained away by "he fell"', async () => {
    expect(level("Fingertip bruises on his upper arm, he says he fell off his bike", 'leicester', 12).level).toBe(4);
  });
});

describe('age from the text', () => {
  const cases: [string, number][] = [
    ['yr 3 boy keeps coming in hungry', 8],
    ['Y7 girl', 12],
    ['14yo lad', 14],
    ['6 month old baby', 0.5],
    ['my 9 year old', 9],
    ['reception child aged 4', 4],
  ];
  for (const [text, years] of cases) {
    it(`"${text}" is ${years}`, async () => {
      expect(read(text).age?.years).toBeCloseTo(years, 2);
    });
  }

  it('"she\'s 20 weeks pregnant" is an unborn baby', async () => {
    const age = read("She's 20 weeks pregnant with her second").age;
    expect(age?.unborn).toBe(true);
    expect(age!.years).toBeLessThan(0);
  });

  it("a parent's age is not the child's", async () => {
    expect(read('mum is 19 and her boyfriend is 23, baby is 3 months old').age?.years).toBeCloseTo(0.25, 2);
  });
});

describe('the words practitioners use', () => {
  const cases: [string, string][] = [
    ['DV at home most weekends', 'domestic-abuse'],
    ['there is DA between mum and her partner', 'domestic-abuse'],
    ['worried about CSE, older boyfriend', 'sexual-exploitation'],
    ['possible CCE, found in another city with cash', 'criminal-exploitation'],
    ['family from a country where FGM is practised, talk of a special ceremony', 'fgm'],
    ['he has SEND and an EHCP', 'sen'],
    ['NEET since leaving school last year', 'neet'],
    ['step-dad slapped her', 'physical-abuse'],
    ["she's stopping at her nan's most nights after rows at home", 'parental-conflict'],
    ['mam has PND', 'parental-mental-health'],
  ];
  for (const [text, id] of cases) {
    it(`"${text}" finds ${id}`, async () => {
      expect(read(text, 16).indicators.map((i) => i.id)).toContain(id);
    });
  }
});

describe('typing in a hurry and speech recognition', () => {
  const cases: [string, string][] = [
    ['big brusie on her arm', 'injury'],
    ['worried about neglekt', 'neglect-mention'],
    ['she is sucidal', 'suicide-risk'],
    ['domestik voilence', 'domestic-abuse'],
    ['attendence has dropped', 'persistent-absence'],
    ['smoking kanabis every day', 'child-substance-misuse'],
    ['her mum is using hairoin again', 'parental-substance-heavy'],
  ];
  for (const [text, id] of cases) {
    it(`"${text}" finds ${id}`, async () => {
      const f = read(text, 10).indicators.find((i) => i.id === id);
      expect(f, JSON.stringify(read(text, 10).indicators)).toBeDefined();
      expect(f!.corrected?.length).toBeGreaterThan(0);
    });
  }

  it('a speech recogniser\'s homophone is heard as meant: "brews on his back"', async () => {
    expect(read('he has brews on his back', 10).indicators.some((i) => i.id.startsWith('injury'))).toBe(true);
  });

  it('letters spelt out by a recogniser are read as the abbreviation: "d v at home"', async () => {
    expect(read('there is d v at home', 10).indicators.map((i) => i.id)).toContain('domestic-abuse');
  });

  it('common words are never "corrected" into indicators', async () => {
    const r = read('Her brother was a bother at tea but they are fine, nothing to report, grades good');
    expect(r.indicators).toEqual([]);
  });
});

describe('evidence and determinism', () => {
  it('each indicator quotes the words that evidence it', async () => {
    const text = 'Y4 boy came in hungry again, mum says money is tight since dad left';
    const r = read(text);
    for (const f of r.indicators) {
      expect(text).toContain(f.evidence);
      expect(text.slice(f.span.start, f.span.end).length).toBeGreaterThan(0);
    }
  });

  it('the same text and knowledge give the same output', async () => {
    const text = 'mum not coping since dad left, 3 kids, one has autism, eviction notice last week';
    expect(level(text, 'leicester', 7)).toEqual(level(text, 'leicester', 7));
  });

  it('consent refused in the text answers the consent question', async () => {
    const r = level('Needs a CAF: missed appointments, poor attendance, rotten teeth. Mum refused consent.', 'bathnes', 9);
    expect(r.level).toBe(3);
    expect(r.questions.map((q) => q.id)).toContain('escalation');
    expect(r.questions.map((q) => q.id)).not.toContain('consent');
  });

  it('hostile and empty text does not throw', async () => {
    for (const text of ['', ' ', '!!!', '💥'.repeat(500), 'a'.repeat(5000), 'no no no not never', '* * * ? ?', '\u0000\u0001']) {
      expect(() => read(text)).not.toThrow();
    }
  });
});

describe('issue 10: read by kind, not by phrase', () => {
  it('a frame reads who did what to whom: "an adult smashed the child\'s arm"', () => {
    expect(find("An adult smashed the child's arm against the door frame", 'physical-abuse')?.status).toBe('present');
  });
  it('"her mum\'s boyfriend hit her" is harm to the child, not dropped as about an adult', () => {
    expect(level("Her mum's boyfriend hit her with a belt at the weekend", 'bathnes', 8).level).toBe(4);
  });
  it('figures of speech are never harm: "stole the show", "got hammered", "died laughing"', () => {
    for (const text of ['She stole the show in the school play, thriving', 'Our team got hammered 6-0 on Saturday', 'He literally died laughing in assembly']) {
      expect(level(text, 'bathnes', 10).level).toBeLessThan(4);
    }
  });
  it('"TA" is a teaching assistant and a register mark is not a bruise', () => {
    expect(find('The TA has been working with him on phonics', 'homelessness')).toBeUndefined();
    expect(find('She was marked late on the register three times', 'injury')).toBeUndefined();
  });
  it('"has stopped going to school" is a new need, not a resolution', () => {
    expect(find('He has stopped going to school', 'persistent-absence')?.status).toBe('present');
  });
  it('a definite reading the words only suggest is not put down to the practitioner\'s doubt', () => {
    const suggested = find('He turned up with a new phone he would not explain', 'criminal-exploitation');
    expect(suggested?.status).toBe('uncertain');
    expect(suggested?.hedged).toBeUndefined();
    expect(find('Dad might have hit her', 'physical-abuse')?.hedged).toBe(true);
  });
  it('/api/triage says when nothing was recognised, and asks the harm screen first', () => {
    const r = level('Just a quick question about next week', 'bathnes', 9);
    expect(r.understood).toBe(false);
    expect(r.questions[0]!.harmScreen).toBe(true);
    expect(level('Dad punched him in the face', 'bathnes', 9).understood).toBe(true);
  });
});

describe('issue 10, third round: kinds found by the third blind set', () => {
  it('a threat to keep a child quiet is harm, though the harm itself is not named', () => {
    const f = find('He said he would hurt her hamster if she told anyone what happens at night', 'child-disclosure', 9);
    expect(f?.status).toBe('present');
    expect(level('He said he would hurt her hamster if she told anyone what happens at night', 'bathnes', 9).level).toBe(4);
    // The joke is still masked: "mum will kill me if I fail" is not a threat.
    expect(level('She laughed that mum will kill me if I fail my mocks', 'bathnes', 15).level).toBeLessThan(4);
  });
  it('a carer who calls the child worthless is emotional abuse; other children saying it is not', () => {
    expect(find("Her stepdad keeps telling everyone at home that she's worthless", 'emotional-abuse', 13)?.status).toBe('present');
    expect(find("Mum says the kids in his class call him worthless", 'emotional-abuse', 11)).toBeUndefined();
  });
  it('a sole carer arrested with no one else to collect is a carer unable to care', () => {
    const r = level('Dad was arrested this morning and there is nobody to pick them up from after school club', 'leicester', 7);
    expect(r.indicators.find((i) => i.id === 'carer-incapacitated')?.status).toBe('present');
    expect(r.level).toBe(4);
  });
  it('a young carer is read from the caring tasks, and counts with the other needs', () => {
    const text = 'He helps his mum with toileting every morning, is falling behind at school and has stopped seeing his friends';
    const ids = read(text, 13).indicators.map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining(['young-carer', 'attainment', 'emotional-health']));
    expect(level(text, 'bathnes', 13).level).toBe(3);
  });
  it('an attendance figure is the latest one, and a negation in an earlier clause does not reach it', () => {
    expect(find('Attendance has gone from 96% to 84% this term', 'persistent-absence')?.status).toBe('present');
    expect(find('Attendance went from 80% to 95% since the plan started', 'persistent-absence')).toBeUndefined();
    expect(find('She is not sleeping well, attendance down to 82%', 'persistent-absence')?.status).toBe('present');
    expect(find('Misses a lot of school (79%)', 'persistent-absence')?.status).toBe('present');
  });
  it('"died 18 months ago" is a time, not the age of an adult in a relationship', () => {
    expect(find("The lad's grandad died 18 months ago", 'sexual-exploitation', 14)).toBeUndefined();
    expect(find('Her boyfriend is 22', 'sexual-exploitation', 14)?.status).toBe('present');
  });
  it('figures of speech from games are not harm: "thrashed me at chess", "three in a row"', () => {
    expect(level('He thrashed me at chess and won three in a row', 'bathnes', 11).level).toBe(1);
  });
  it('a plea not to tell a sibling is not a disclosure; a plea not to tell a parent is asked about', () => {
    expect(find("He begged me not to tell my brother he'd been scared of the dog", 'child-disclosure', 8)?.status).not.toBe('present');
    expect(find('She begged me not to tell her dad', 'child-disclosure', 8)).toBeDefined();
  });
  it('a documented congenital mark on a baby is asked about, never read as a bruise outright', () => {
    const r = level('Bluish mark on her sacrum, documented at birth as a Mongolian blue spot. Baby 2 months', 'bathnes', 0.15);
    const f = r.indicators.find((i) => i.id === 'bruise-non-mobile-baby');
    if (f) {
      expect(f.negated).toBe(true);
      expect(r.questions.some((q) => q.id === 'confirm-bruise-non-mobile-baby')).toBe(true);
    }
    expect(level('Bruise on the cheek of a 2 month old baby', 'bathnes', 0.15).level).toBe(4);
  });
  it('an open early help plan that has made no difference is the MASP route in Leicester', () => {
    const r = level('Team Around the Family running since March, three reviews, attendance no better and mum says nothing has changed', 'leicester', 10);
    expect(r.answersFromText).toMatchObject({ 'open-case': 'early-help', progress: 'no-improvement' });
    expect(r.route.id).toBe('masp');
  });
  it('abuse "when the kids were little" is history', () => {
    expect(find('There was domestic abuse when the kids were little, none since', 'domestic-abuse')).toBeUndefined();
  });
});

describe('issue 10: a relapse is of what is named', () => {
  it('a relapse of an illness is that illness, not substance misuse', () => {
    expect(find('Mum has had a relapse of her MS and is in bed most days', 'parental-substance-misuse')).toBeUndefined();
    expect(find('Dad has relapsed with his depression', 'parental-substance-misuse')).toBeUndefined();
    expect(find('Dad has relapsed with his depression', 'parental-mental-health')?.status).toBe('present');
  });
  it('a relapse with a substance named is substance misuse', () => {
    expect(find('Mum relapsed on heroin last month', 'parental-substance-misuse')?.status).toBe('present');
    expect(find('Dad is back on the drink since the summer', 'parental-substance-misuse')?.status).toBe('present');
  });
});

describe('issue 10: safeguarding words that name a lesson or a mark, not a child', () => {
  it('"after the county lines training" is staff training, not exploitation', () => {
    expect(find('A supply teacher flagged it after the county lines training last week', 'criminal-exploitation')).toBeUndefined();
    expect(find('Police think he is running county lines', 'criminal-exploitation')?.status).toBe('present');
  });
  it('a video of a child falling over is not sexual', () => {
    expect(level('Some Y8s posted a video of her tripping in the canteen with mean captions', 'bathnes', 13).level).toBeLessThan(4);
  });
});

describe('issue 10, fourth round: kinds found by the fourth blind set', () => {
  it('a young child not collected with no carer reachable is a carer unable to care', () => {
    const r = level("No one has collected Jayden from the childminder, it's 7pm, mum's phone is off and there are no other contacts", 'leicester', 4);
    expect(r.indicators.find((i) => i.id === 'carer-incapacitated')?.status).toBe('present');
    expect(r.level).toBe(4);
    expect(find('Nobody collected him late today because dad was stuck in traffic, he arrived at 4', 'carer-incapacitated', 6)).toBeUndefined();
  });
  it('an adult watching a child in the bathroom is asked about as sexual abuse', () => {
    const f = find("Her stepdad walks in when she's in the bath and stands there", 'sexual-abuse', 12);
    expect(f?.status).toBe('uncertain');
    expect(level("Her stepdad walks in when she's in the bath and stands there", 'bathnes', 12).level).toBe(4);
  });
  it('covering the body near a mark or a plea for secrecy is asked about; a coat kept on alone is not', () => {
    expect(find('She keeps her sleeves pulled down and I saw a mark on her wrist', 'child-disclosure', 11)?.status).toBe('uncertain');
    expect(find('He keeps his coat on in class, he says he feels the cold', 'child-disclosure', 9)).toBeUndefined();
  });
  it('food withheld as a punishment is emotional abuse', () => {
    expect(find("He's not allowed his tea if he gets anything wrong at school", 'emotional-abuse', 8)?.status).toBe('present');
  });
  it('"walked into a door" is never an explanation; "in PE" alone is not one either', () => {
    expect(find('Black eye today, she says she walked into a door', 'injury', 10)?.status).not.toBe('negated');
    expect(find('He wears his jumper even in PE and I saw a burn on his arm', 'injury', 10)?.status).not.toBe('negated');
  });
  it('a young carer who misses school has an absence need as well', () => {
    const ids = read('She interprets for her parents and misses school to go to their appointments', 13).indicators.map((i) => i.id);
    expect(ids).toContain('persistent-absence');
  });
  it('an older "friend of her brother" is an age gap when the age comes later in the sentence', () => {
    expect(find("Her boyfriend is a friend of her brother's, who says he's aged 21", 'sexual-exploitation', 14)?.status).toBe('present');
  });
  it('a need said only of the past is history; a harm indicator never is set aside that way', () => {
    expect(find('She used to self-harm when she was in Y8', 'self-harm', 15)?.status).toBe('negated');
    expect(find('Years ago he punched her', 'physical-abuse', 15)?.status).toBe('present');
  });
  it('"left dad 8 years ago after domestic abuse" is history', () => {
    expect(level('Mum left dad 8 years ago after domestic abuse, no contact since', 'leicester', 12).level).toBeLessThan(3);
  });
});

describe('issue 10: several children in one message', () => {
  it('the age gap is judged with the age of the child named in that sentence', () => {
    const text = 'Y11 girl and her sister. The 14 year old is seeing a lad who is 18 and he picks her up from school.';
    expect(find(text, 'sexual-exploitation')?.note).toBe('a 18 year old and a child of 14');
  });
  it('"seeing" or "dating" an adult several years older is an age gap', () => {
    expect(find('The 15yo is seeing a 19 year old', 'sexual-exploitation')?.status).toBe('present');
    expect(find('The 14yo has been seeing 3 different counsellors', 'sexual-exploitation')).toBeUndefined();
  });
});

describe('issue 10: harm that ended years ago with protection in place is history, and asked about', () => {
  it('abuse "when she was 6" with the abuser in prison is asked about, not read as now', () => {
    const r = level('When she was 6 she was physically abused by her stepdad, he is in prison and there is a restraining order. She is 13 now and doing well.', 'bathnes', 13);
    const f = r.indicators.find((i) => i.id === 'physical-abuse');
    expect(f?.negated).toBe(true);
    expect(r.questions.some((q) => q.id === 'confirm-physical-abuse')).toBe(true);
    expect(r.level).toBeLessThan(4);
  });
  it('a conviction is not protection: an offender now living with children is still harm', () => {
    const r = level('He has a 2015 conviction for sexual assault of a child and has now moved in with a mum of two girls', 'leicester', 8);
    expect(r.level).toBe(4);
  });
  it('harm in the past with no protection named stays a harm reading', () => {
    expect(find('When he was 8 his dad punched him', 'physical-abuse', 12)?.status).toBe('present');
  });
});
