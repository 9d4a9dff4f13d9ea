// Builds the Teams app package: fills the manifest template with the bot's app id, the public
// host and the duty page's single sign-on resource, validates it against Microsoft's schema for
// its manifestVersion (bundled in @microsoft/app-manifest, so no network is needed), and zips it
// with the two icons.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppManifestUtils, type TeamsManifest } from '@microsoft/app-manifest';
import { z } from 'zod';
import { writeZip } from './zip.ts';

export const MANIFEST_DIR = dirname(fileURLToPath(import.meta.url));
export const ICON_NAMES = ['color.png', 'outline.png'] as const;

const Guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID such as 00000000-0000-0000-0000-000000000000');

/** The settings the package needs, from environment variables named as the bot's configuration names them. */
const Env = z.object({
  MicrosoftAppId: Guid,
  PUBLIC_HOST: z
    .string()
    .regex(
      /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i,
      'must be a host name such as earlyhelp.example.org (no https://, no path, no port)',
    ),
  TEAMS_APP_ID: Guid.optional(),
  TEAMS_APP_VERSION: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a version such as 1.0.0').optional(),
  // As the service reads them: how the duty page signs in, and the audiences its tokens may carry.
  DUTY_AUTH: z.enum(['token', 'entra']).optional(),
  ENTRA_AUDIENCE: z.string().optional(),
});

const WHAT: Record<string, string> = {
  MicrosoftAppId: "the bot's Microsoft app id (the Azure Bot's app registration)",
  PUBLIC_HOST: 'the public host name that serves the bot and the tab over HTTPS',
};

export interface PackageSettings {
  botId: string;
  host: string;
  /** The Teams app's own id; the bot's app id when not given, as Microsoft's samples do. */
  appId: string;
  version: string;
  /**
   * webApplicationInfo.resource: the Application ID URI of the bot's app registration, for which
   * Teams issues the duty page's sign-on token (DUTY_AUTH=entra). Resource-specific consent needs
   * webApplicationInfo too, with any resource, so it is always there.
   */
  ssoResource: string;
}

export class PackagingError extends Error {}

export function settingsFromEnv(env: Record<string, string | undefined>, defaultVersion: string): PackageSettings {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = Env.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const key = String(i.path[0]);
      return cleaned[key] === undefined ? `  ${key} is not set: give ${WHAT[key] ?? 'a value'}` : `  ${key} ${i.message}`;
    });
    throw new PackagingError(`Cannot build the Teams app package:\n${lines.join('\n')}\nSet them in the environment, e.g.\n  MicrosoftAppId=<bot app id> PUBLIC_HOST=earlyhelp.example.org npm run package:teams`);
  }
  const e = parsed.data;
  const botId = e.MicrosoftAppId.toLowerCase();
  const host = e.PUBLIC_HOST.toLowerCase();
  const uri = (e.ENTRA_AUDIENCE ?? '').split(',').map((a) => a.trim()).find((a) => a.startsWith('api://'));
  if (e.DUTY_AUTH === 'entra') {
    // The token Teams gets for the resource must be one the service accepts, on the tab's own host.
    const example = `api://${host}/botid-${botId}`;
    const problem = !uri
      ? `  ENTRA_AUDIENCE ${e.ENTRA_AUDIENCE ? 'has no Application ID URI' : 'is not set'}: with DUTY_AUTH=entra the duty page signs in through Teams, which needs the Application ID URI of the bot's app registration, as the service accepts it (e.g. ENTRA_AUDIENCE=${example})`
      : new URL(uri).host !== host
        ? `  ENTRA_AUDIENCE's Application ID URI ${uri} is not on PUBLIC_HOST ${host}: Teams gives single sign-on tokens only for the tab's own host (e.g. ${example})`
        : undefined;
    if (problem) throw new PackagingError(`Cannot build the Teams app package:\n${problem}`);
  }
  return { botId, host, appId: (e.TEAMS_APP_ID ?? botId).toLowerCase(), version: e.TEAMS_APP_VERSION ?? defaultVersion, ssoResource: uri ?? `api://${host}/botid-${botId}` };
}

/** Replaces {{botId}}, {{host}}, {{appId}}, {{version}} and {{ssoResource}} in every string of the template. */
export function fillManifest(template: unknown, settings: PackageSettings): TeamsManifest {
  const values: Record<string, string> = { ...settings };
  const fill = (v: unknown): unknown => {
    if (typeof v === 'string') {
      return v.replace(/\{\{(\w+)\}\}/g, (_m, key: string) => {
        if (!(key in values)) throw new PackagingError(`the manifest template uses an unknown placeholder {{${key}}}`);
        return values[key]!;
      });
    }
    if (Array.isArray(v)) return v.map(fill);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]));
    return v;
  };
  return fill(template) as TeamsManifest;
}

export function readTemplate(): unknown {
  return JSON.parse(readFileSync(join(MANIFEST_DIR, 'manifest.template.json'), 'utf8'));
}

/** Microsoft's JSON schema for a manifest version, read from the installed package. */
export function bundledSchema(manifestVersion: string): object {
  const root = dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json'));
  const file = join(root, 'build', 'json-schemas', 'teams', `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Schema problems, one line each; none means valid. Offline: the schema is passed in. */
export async function validateManifest(manifest: TeamsManifest): Promise<string[]> {
  return AppManifestUtils.validateAgainstSchema(manifest, bundledSchema(manifest.manifestVersion) as Parameters<typeof AppManifestUtils.validateAgainstSchema>[1]);
}

export async function buildPackage(settings: PackageSettings): Promise<{ zip: Buffer; manifest: TeamsManifest }> {
  const manifest = fillManifest(readTemplate(), settings);
  const problems = await validateManifest(manifest);
  if (problems.length) throw new PackagingError(`The manifest does not pass the v${manifest.manifestVersion} schema:\n  ${problems.join('\n  ')}`);
  const zip = writeZip([
    { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2) + '\n') },
    ...ICON_NAMES.map((name) => ({ name, data: readFileSync(join(MANIFEST_DIR, name)) })),
  ]);
  return { zip, manifest };
}
