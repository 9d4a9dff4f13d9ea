import { loadKnowledge, type Knowledge, type LoadedPack } from '../../knowledge/load.ts';

let cached: Knowledge | undefined;
export function knowledge(): Knowledge {
  cached ??= loadKnowledge();
  return cached;
}
export function pack(id: 'bathnes' | 'leicester'): LoadedPack {
  return knowledge().packs.get(id)!;
}
