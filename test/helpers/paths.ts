import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** The shared folder sits beside the checkout, in CI as on a developer's machine. */
export const SHARED_DIR = process.env.SHARED_DIR ?? resolve(REPO_ROOT, '..', 'shared');
export const SEEDS_DIR = resolve(SHARED_DIR, 'seeds');
export const EVAL_DIR = resolve(SHARED_DIR, 'eval');
export const KNOWLEDGE_DIR = resolve(REPO_ROOT, 'knowledge');
