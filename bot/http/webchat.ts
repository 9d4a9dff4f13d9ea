// The web chat page at `/`: our page and Web Chat's own bundle served from the installed
// botframework-webchat package (no CDN: the page works offline). The page talks to this origin's
// Direct Line endpoint (bot/directline/).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request, Response, Server } from 'restify';

const WEB_DIR = fileURLToPath(new URL('../../web/chat/', import.meta.url));
const require = createRequire(import.meta.url);
// The package exports no package.json; its CommonJS entry is lib/index.js, beside dist/.
const WEBCHAT_BUNDLE = join(dirname(require.resolve('botframework-webchat')), '..', 'dist', 'webchat.js');

// Web Chat styles itself with inline styles; everything else comes from this origin only.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.cloud.microsoft",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

interface Asset {
  type: string;
  body: Buffer;
  cache: string;
}

export function registerWebChat(server: Server): void {
  // Each read on its first request and kept (the files do not change while the service runs):
  // Web Chat's bundle is 4 MB that an instance nobody opens the web chat on never holds.
  const file = (path: string, type: string, cache: string): Asset => {
    let body: Buffer | undefined;
    return { type, cache, get body() { return (body ??= readFileSync(path)); } };
  };
  const assets = new Map<string, Asset>([
    ['/', file(join(WEB_DIR, 'index.html'), 'text/html; charset=utf-8', 'no-cache')],
    ['/chat/app.js', file(join(WEB_DIR, 'app.js'), 'text/javascript; charset=utf-8', 'no-cache')],
    ['/chat/chat.css', file(join(WEB_DIR, 'chat.css'), 'text/css; charset=utf-8', 'no-cache')],
    ['/chat/webchat.js', file(WEBCHAT_BUNDLE, 'text/javascript; charset=utf-8', 'public, max-age=86400')],
  ]);
  // Browsers ask for it on every page; an empty answer keeps the logs free of 404s.
  server.get('/favicon.ico', (_req: Request, res: Response, next: () => void) => {
    res.writeHead(204, { 'cache-control': 'public, max-age=86400' });
    res.end();
    next();
  });
  for (const [path, asset] of assets) {
    server.get(path, (_req: Request, res: Response, next: () => void) => {
      res.writeHead(200, {
        'content-type': asset.type,
        'content-length': asset.body.length,
        'cache-control': asset.cache,
        'content-security-policy': CSP,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      });
      res.end(asset.body);
      next();
    });
  }
}
