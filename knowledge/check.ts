// `npm run knowledge:check`: validate every pack and print each problem with file, JSON path and
// reason. Exits non-zero on any problem, so CI and a council editing its pack see the same list.
// Unlike the service, it insists on the seed documents: a quote it cannot check is a failure.
import { resolve } from 'node:path';
import { KnowledgeError, formatProblems, loadKnowledge } from './load.ts';
import { applyLocalContacts } from './local-contacts.ts';

const dir = process.argv[2];
try {
  const knowledge = loadKnowledge(dir, { requireSeeds: true });
  for (const pack of knowledge.packs.values()) {
    console.log(
      `ok ${pack.id} (${pack.knowledgeVersion}): ${pack.decision.rules.length} rules, ${pack.decision.questions.length} questions, ` +
        `${pack.contacts.length} contacts, ${pack.services.length} services, ${pack.guidance.length} passages, ${pack.scenarios.length} scenarios`,
    );
  }
  console.log(`ok shared: ${knowledge.vocabulary.indicators.length} indicators, ${knowledge.vocabulary.synonyms.length} synonym groups`);
  // The council's own contact details, checked as the service checks them at start (ADR-014).
  const file = process.env.LOCAL_CONTACTS_FILE;
  const local = applyLocalContacts(knowledge, resolve(file ?? 'config/local-contacts.json'), { required: file !== undefined });
  console.log(`ok local contacts: ${local.applied.length ? local.applied.join(', ') : 'none set'}`);
} catch (err) {
  if (!(err instanceof KnowledgeError)) throw err;
  console.error(`knowledge check failed: ${err.problems.length} problem(s)\n${formatProblems(err.problems)}`);
  process.exit(1);
}
