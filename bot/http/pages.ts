// The Teams tab's pages and their assets, served from web/tab by the same restify server as the
// API. HTML pages are the shared layout around each page's body, read once at start; the assets
// are read on the first request for any of them and kept: the browser scripts are TypeScript with
// the types stripped (amaro, the stripper Node itself uses, loaded only then: its WebAssembly
// compiler is tens of MB that an instance nobody opens the tab on never needs), and teams-js comes
// from the installed package, never a CDN.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request, Response, Server } from 'restify';

export const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));

/** The tab's pages, in navigation order; each is web/tab/pages/<path>.html and web/tab/<path>.ts. */
export const TAB_PAGES = [
  { path: 'levels', title: 'Levels of need', nav: 'Levels' },
  { path: 'directory', title: 'Service directory', nav: 'Services' },
  { path: 'guidance', title: 'Guidance', nav: 'Guidance' },
  { path: 'practice', title: 'Practice', nav: 'Practice' },
  { path: 'about', title: 'About, privacy and terms', nav: 'About' },
] as const;

/** Teams' theme names; a contentUrl carries one as ?theme={theme} so the first paint is right. */
const THEMES = new Set(['default', 'dark', 'contrast']);

// Teams and the other Microsoft 365 hosts may frame the tab; nothing else may. The pages load
// only their own scripts and styles and talk only to this server (teams-js's optional fetch of its
// origin list from a CDN is refused; it falls back to the list it ships with).
const FRAME_ANCESTORS = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.cloud.microsoft',
  'https://*.microsoft365.com',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
];
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    `frame-ancestors ${FRAME_ANCESTORS.join(' ')}`,
  ].join('; '),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

interface Asset {
  body: Buffer | string;
  type: string;
}

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.ts': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
};

async function loadAssets(webDir: string): Promise<Map<string, Asset>> {
  const { transformSync } = await import('amaro');
  const assets = new Map<string, Asset>();
  const tabDir = join(webDir, 'tab');
  for (const name of readdirSync(tabDir)) {
    const ext = name.slice(name.lastIndexOf('.'));
    const type = TYPES[ext];
    if (!type) continue;
    const raw = readFileSync(join(tabDir, name));
    assets.set(name, { type, body: ext === '.ts' ? transformSync(raw.toString('utf8'), { mode: 'strip-only' }).code : raw });
  }
  const teamsJs = createRequire(import.meta.url).resolve('@microsoft/teams-js/dist/umd/MicrosoftTeams.min.js');
  // Without its source map comment: the map is not served, and a browser would ask for it.
  const sdk = readFileSync(teamsJs, 'utf8').replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n');
  assets.set('teams-js.js', { type: 'text/javascript; charset=utf-8', body: sdk });
  assets.set('icon.png', { type: 'image/png', body: readFileSync(join(webDir, '..', 'manifest', 'color.png')) });
  return assets;
}

/** A page in the shared layout: its title, its body (web/tab/pages/<body>.html), its script. */
interface PageSpec {
  title: string;
  body: string;
  script: string;
  /** The tab page it is, for the navigation's aria-current; the reports page is none of them. */
  current?: string;
  /** The area picker: the tab pages share one area; the reports page filters by area itself. */
  areaPicker: boolean;
}

function renderPage(webDir: string, layout: string, page: PageSpec): (theme: string | undefined) => string {
  const body = readFileSync(join(webDir, 'tab', 'pages', `${page.body}.html`), 'utf8');
  const tools = page.areaPicker ? readFileSync(join(webDir, 'tab', 'area-picker.html'), 'utf8') : '';
  const nav = TAB_PAGES.map((p) => `<li><a href="/tab/${p.path}"${p.path === page.current ? ' aria-current="page"' : ''}>${p.nav}</a></li>`).join('');
  // Function replacements: a "$" in a page's text must not be read as a replacement pattern.
  const html = layout
    .replace('{{title}}', () => page.title)
    .replace('{{nav}}', () => nav)
    .replace('{{tools}}', () => tools)
    .replace('{{script}}', () => `/tab/assets/${page.script}.ts`)
    .replace('{{body}}', () => body);
  return (theme) => html.replace('{{theme}}', () => (theme && THEMES.has(theme) ? ` data-theme="${theme}"` : ''));
}

function renderPages(webDir: string): Map<string, (theme: string | undefined) => string> {
  const layout = readFileSync(join(webDir, 'tab', 'layout.html'), 'utf8');
  const pages = new Map<string, (theme: string | undefined) => string>();
  for (const page of TAB_PAGES) {
    pages.set(page.path, renderPage(webDir, layout, { title: page.title, body: page.path, script: page.path, current: page.path, areaPicker: true }));
  }
  return pages;
}

/** The board reports (/reports): the tab's layout and theme, its own sign-in and filters. */
function renderReportsPage(webDir: string): (theme: string | undefined) => string {
  const layout = readFileSync(join(webDir, 'tab', 'layout.html'), 'utf8');
  return renderPage(webDir, layout, { title: 'Figures for the partnership board', body: 'reports', script: 'reports', areaPicker: false });
}

function themeOf(req: Request): string | undefined {
  return new URL(req.url ?? '/', 'http://localhost').searchParams.get('theme') ?? undefined;
}

function send(res: Response, status: number, type: string, body: Buffer | string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, ...extra });
  res.end(body);
}

export function registerPages(server: Server, webDir: string = WEB_DIR): void {
  let assets: Promise<Map<string, Asset>> | undefined;
  const pages = renderPages(webDir);
  const reports = renderReportsPage(webDir);
  const notFound = (res: Response) => send(res, 404, 'text/plain; charset=utf-8', 'There is nothing at this address.');

  server.get('/tab', async (_req: Request, res: Response) => send(res, 302, 'text/plain; charset=utf-8', '', { Location: '/tab/levels' }));

  server.get('/tab/:page', async (req: Request, res: Response) => {
    const render = pages.get(String(req.params.page));
    if (!render) return notFound(res);
    send(res, 200, 'text/html; charset=utf-8', render(themeOf(req)));
  });

  // The page holds no figures: they come from /api/reports once the visitor has signed in.
  server.get('/reports', async (req: Request, res: Response) => send(res, 200, 'text/html; charset=utf-8', reports(themeOf(req))));

  server.get('/tab/assets/:file', async (req: Request, res: Response) => {
    // A failed load is not kept: the next request tries again.
    assets ??= loadAssets(webDir).catch((err: unknown) => {
      assets = undefined;
      throw err;
    });
    const asset = (await assets).get(String(req.params.file));
    if (!asset) return notFound(res);
    send(res, 200, asset.type, asset.body);
  });
}
