import { loadKnowledge } from '../../knowledge/load.ts';
const k = loadKnowledge();
for (const id of ['bathnes', 'leicester']) { const s = JSON.stringify(k.packs.get(id)); const m = s.match(/.{120}(consent is not (a condition|needed)|(wait|waiting) for consent|whether or not the family agrees).{40}/gi); console.log(id, m); }
