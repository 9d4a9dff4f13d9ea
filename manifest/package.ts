// `npm run package:teams`: writes the Teams app package (manifest.json and the two icons) for
// the bot app id and public host in the environment (or .env, as `npm start` reads it). Usage:
//   MicrosoftAppId=<guid> PUBLIC_HOST=earlyhelp.example.org npm run package:teams [-- --out file.zip]
// With DUTY_AUTH=entra it also needs ENTRA_AUDIENCE's Application ID URI (the duty page's sign-on).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { buildPackage, MANIFEST_DIR, PackagingError, settingsFromEnv } from './build.ts';

const outFlag = process.argv.indexOf('--out');
const out = resolve(outFlag > 0 && process.argv[outFlag + 1] ? process.argv[outFlag + 1]! : join(MANIFEST_DIR, '..', 'dist', 'early-help-guide-teams.zip'));
const { version } = JSON.parse(readFileSync(join(MANIFEST_DIR, '..', 'package.json'), 'utf8')) as { version: string };

try {
  const settings = settingsFromEnv(process.env, version);
  const { zip, manifest } = await buildPackage(settings);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, zip);
  console.log(`Wrote ${relative(process.cwd(), out) || out} (${zip.length} bytes): manifest v${manifest.manifestVersion}, app ${manifest.version}, bot ${settings.botId}, host ${settings.host}, sign-on resource ${settings.ssoResource}. Schema check passed.`);
} catch (err) {
  if (!(err instanceof PackagingError)) throw err;
  console.error(err.message);
  process.exit(1);
}
