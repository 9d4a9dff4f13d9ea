// `npm run icons`: redraws manifest/color.png and manifest/outline.png. They are committed; a
// test checks the committed files are exactly what this draws.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_DIR } from './build.ts';
import { ICON_FILES } from './icons.ts';

for (const [name, draw] of Object.entries(ICON_FILES)) {
  writeFileSync(join(MANIFEST_DIR, name), draw());
  console.log(`Wrote manifest/${name}`);
}
