// The Teams app package: `npm run package:teams` fills the bot id and host from the environment,
// checks the manifest against Microsoft's schema offline, and writes a zip Teams can install.
// The zip is opened here with an independent reader (fflate), not our own writer's logic.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fillManifest, readTemplate, validateManifest, type PackageSettings } from '../manifest/build.ts';
import { colourIcon, outlineIcon } from '../manifest/icons.ts';
import { pixelsOf, readPng, type Image } from './helpers/png.ts';
import { REPO_ROOT } from './helpers/paths.ts';

const settings: PackageSettings = {
  botId: '11111111-2222-3333-4444-555555555555',
  appId: '11111111-2222-3333-4444-555555555555',
  host: 'earlyhelp.example.org',
  version: '1.2.3',
  ssoResource: 'api://earlyhelp.example.org/botid-11111111-2222-3333-4444-555555555555',
};
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

function packageTeams(env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'teams-package-'));
  temps.push(dir);
  const out = join(dir, 'app.zip');
  const r = spawnSync(process.execPath, ['manifest/package.ts', '--out', out], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  return { ...r, out };
}

function expectColourIcon(image: Image) {
  expect([image.width, image.height]).toEqual([192, 192]);
  const pixels = [...pixelsOf(image)];
  expect(pixels.every(([, , , a]) => a === 255)).toBe(true); // a solid background
  expect(new Set(pixels.map((p) => p.join())).size).toBe(2); // the accent and white, nothing else
}

function expectOutlineIcon(image: Image) {
  expect([image.width, image.height]).toEqual([32, 32]);
  expect(image.colourType).toBe(6); // has an alpha channel
  const pixels = [...pixelsOf(image)];
  // Teams' rule: white on a transparent background. Every pixel is fully transparent or white.
  const transparent = pixels.filter(([, , , a]) => a === 0).length;
  const white = pixels.filter(([r, g, b, a]) => a > 0 && r === 255 && g === 255 && b === 255).length;
  expect(transparent + white).toBe(pixels.length);
  expect(transparent).toBeGreaterThan(pixels.length / 2);
  expect(white).toBeGreaterThan(50);
  expect(pixels[0]![3]).toBe(0); // the corners are transparent
  expect(pixels.at(-1)![3]).toBe(0);
}

describe('the icons', () => {
  it('the committed icons are exactly what `npm run icons` draws', async () => {
    expect(readFileSync(join(REPO_ROOT, 'manifest/color.png')).equals(colourIcon())).toBe(true);
    expect(readFileSync(join(REPO_ROOT, 'manifest/outline.png')).equals(outlineIcon())).toBe(true);
  });

  it('the colour icon is 192x192 on a solid background, and the outline 32x32 white on transparent', async () => {
    expectColourIcon(readPng(colourIcon()));
    expectOutlineIcon(readPng(outlineIcon()));
  });
});

describe('the manifest', () => {
  // Validation must work without a network: any fetch during it fails the test.
  beforeEach(() => {
    vi.stubGlobal('fetch', () => Promise.reject(new Error('the schema check tried to use the network')));
  });
  afterEach(() => vi.unstubAllGlobals());

  it('passes Microsoft’s schema for its version, offline', async () => {
    expect(await validateManifest(fillManifest(readTemplate(), settings))).toEqual([]);
  });

  it('the schema check really checks: a manifest with a missing developer and a bad id fails', async () => {
    const broken = fillManifest(readTemplate(), { ...settings, appId: 'not-a-guid' }) as any;
    delete broken.developer;
    const problems = await validateManifest(broken);
    expect(problems.join('\n')).toMatch(/developer/);
    expect(problems.join('\n')).toMatch(/\/id/);
  });

  it('uses the newest numbered schema version the pinned @microsoft/app-manifest bundles', async () => {
    const root = dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json'));
    const versions = readdirSync(join(root, 'build/json-schemas/teams'))
      .filter((v) => /^v\d+\.\d+$/.test(v))
      .map((v) => v.slice(1))
      .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
    const manifest = fillManifest(readTemplate(), settings);
    expect(manifest.manifestVersion).toBe(versions.at(-1));
    expect(manifest.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${versions.at(-1)}/MicrosoftTeams.schema.json`);
  });

  it('offers the bot in personal chats, teams and group chats, with the command list', async () => {
    const m = fillManifest(readTemplate(), settings) as any;
    expect(m.bots[0].botId).toBe(settings.botId);
    expect(m.bots[0].scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(m.bots[0].commandLists[0].commands.map((c: any) => c.title)).toEqual(['help', 'start again', 'levels', 'services', 'what is', 'quiz']);
  });

  it('has a tab for each page and the board reports, served over HTTPS from the public host, which is the valid domain', async () => {
    const m = fillManifest(readTemplate(), settings) as any;
    const pages = m.staticTabs.filter((t: any) => t.contentUrl);
    expect(pages.map((t: any) => t.contentUrl)).toEqual([
      ...['levels', 'directory', 'guidance', 'practice'].map((p) => `https://earlyhelp.example.org/tab/${p}?theme={theme}`),
      'https://earlyhelp.example.org/reports?theme={theme}',
    ]);
    expect(m.staticTabs.map((t: any) => t.entityId)).toEqual(expect.arrayContaining(['conversations', 'about']));
    expect(m.validDomains).toEqual(['earlyhelp.example.org']);
    expect(JSON.stringify(m)).not.toMatch(/\{\{/);
  });

  it('lets the duty team add the duty page as a tab in their channel', async () => {
    const m = fillManifest(readTemplate(), settings) as any;
    expect(m.configurableTabs).toEqual([{ configurationUrl: 'https://earlyhelp.example.org/duty/configure', canUpdateConfiguration: false, scopes: ['team'], context: ['channelTab'] }]);
  });

  it('asks the duty team for leave to read its channel (to check whether a summary already landed), and names the sign-on resource', async () => {
    const m = fillManifest(readTemplate(), settings) as any;
    expect(m.authorization.permissions.resourceSpecific).toEqual([{ name: 'ChannelMessage.Read.Group', type: 'Application' }]);
    // Resource-specific consent and the duty page's single sign-on are both for the bot's registration.
    expect(m.webApplicationInfo).toEqual({ id: settings.botId, resource: settings.ssoResource });
  });
});

describe('npm run package:teams', () => {
  const env = { MicrosoftAppId: 'AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE', PUBLIC_HOST: 'guide.example.org', TEAMS_APP_VERSION: '2.0.1' };

  it('writes a zip with the manifest and both icons at its root, all valid', async () => {
    const r = packageTeams(env);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Schema check passed/);
    const files = unzipSync(readFileSync(r.out));
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(Buffer.from(files['manifest.json']!).toString('utf8'));
    expect(await validateManifest(manifest)).toEqual([]);
    expect(manifest).toMatchObject({ id: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', version: '2.0.1', validDomains: ['guide.example.org'] });
    expect(manifest.bots[0].botId).toBe('aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
    expectColourIcon(readPng(Buffer.from(files['color.png']!)));
    expectOutlineIcon(readPng(Buffer.from(files['outline.png']!)));
  });

  it('gives byte-identical packages for the same settings', async () => {
    expect(readFileSync(packageTeams(env).out).equals(readFileSync(packageTeams(env).out))).toBe(true);
  });

  it('without the bot id and host, says which settings are missing and writes nothing', async () => {
    const r = packageTeams({});
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/MicrosoftAppId is not set/);
    expect(r.stderr).toMatch(/PUBLIC_HOST is not set/);
    expect(existsSync(r.out)).toBe(false);
  });

  it('with Teams sign-on for the duty page, takes the Application ID URI the service accepts', async () => {
    const uri = 'api://guide.example.org/botid-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
    const r = packageTeams({ ...env, DUTY_AUTH: 'entra', ENTRA_AUDIENCE: `aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee, ${uri}` });
    expect(r.stderr).toBe('');
    const manifest = JSON.parse(Buffer.from(unzipSync(readFileSync(r.out))['manifest.json']!).toString('utf8'));
    expect(manifest.webApplicationInfo).toEqual({ id: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', resource: uri });
    expect(await validateManifest(manifest)).toEqual([]);
  });

  it('with Teams sign-on for the duty page, says what is missing or wrong about it and writes nothing', async () => {
    const missing = packageTeams({ ...env, DUTY_AUTH: 'entra' });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/ENTRA_AUDIENCE is not set: with DUTY_AUTH=entra the duty page signs in through Teams/);
    const noUri = packageTeams({ ...env, DUTY_AUTH: 'entra', ENTRA_AUDIENCE: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' });
    expect(noUri.stderr).toMatch(/ENTRA_AUDIENCE has no Application ID URI/);
    const elsewhere = packageTeams({ ...env, DUTY_AUTH: 'entra', ENTRA_AUDIENCE: 'api://other.example.org/botid-x' });
    expect(elsewhere.stderr).toMatch(/is not on PUBLIC_HOST guide\.example\.org/);
    for (const r of [missing, noUri, elsewhere]) expect(existsSync(r.out)).toBe(false);
  });

  it('refuses a host given as a URL, and a bot id that is not a GUID', async () => {
    const r = packageTeams({ MicrosoftAppId: 'my-bot', PUBLIC_HOST: 'https://guide.example.org/tab' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/MicrosoftAppId must be a GUID/);
    expect(r.stderr).toMatch(/PUBLIC_HOST must be a host name/);
    expect(existsSync(r.out)).toBe(false);
  });
});
