// A minimal Teams web client for browser tests: the edge we cannot reach. It frames a page of
// ours and answers teams-js's messages as the Teams host does, from a table of replies by message
// name; it records every message it is sent and can send the page a host message (a theme change,
// a press on Save). The page's public host is routed to the service under test, as if deployed.
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const TAB_HOST = 'https://earlyhelp.example.org';
export const TEAMS = 'https://teams.microsoft.com';

/** A browser context in which TAB_HOST is this service, and TEAMS (when given a page) frames it. */
export async function routedContext(browser: Browser, serviceUrl: string, teams?: { page: string; replies: Record<string, unknown[]> }): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  await context.route(`${TAB_HOST}/**`, async (route) => {
    const url = new URL(route.request().url());
    await route.fulfill({ response: await route.fetch({ url: `${serviceUrl}${url.pathname}${url.search}` }) });
  });
  if (teams) await context.route(`${TEAMS}/`, (route) => route.fulfill({ contentType: 'text/html', body: fakeTeams(`${TAB_HOST}${teams.page}`, teams.replies) }));
  return context;
}

function fakeTeams(tabUrl: string, replies: Record<string, unknown[]>): string {
  return `<!doctype html><html lang="en"><title>Teams</title>
<body><iframe id="tab" title="Early help guide" src="${tabUrl}" style="width:1000px;height:800px"></iframe>
<script>
  const replies = ${JSON.stringify(replies)};
  const frame = () => document.getElementById('tab').contentWindow;
  window.seen = [];
  window.addEventListener('message', (e) => {
    const m = e.data;
    if (!m || typeof m.func !== 'string') return;
    window.seen.push({ func: m.func, args: m.args });
    frame().postMessage({ id: m.id, uuidAsString: m.uuidAsString, args: replies[m.func] || [] }, '*');
  });
  window.send = (func, args) => frame().postMessage({ func, args }, '*');
</script></body></html>`;
}

/** Every message the page has sent to the fake Teams host, in order. */
export function seenByTeams(page: Page): Promise<{ func: string; args: unknown[] }[]> {
  return page.evaluate(() => (window as unknown as { seen: { func: string; args: unknown[] }[] }).seen);
}

/** A message from the host to the page, as Teams sends one (a theme change, Save pressed). */
export function sendFromTeams(page: Page, func: string, args: unknown[]): Promise<void> {
  return page.evaluate(([f, a]) => (window as unknown as { send(func: string, args: unknown[]): void }).send(f as string, a as unknown[]), [func, args] as const);
}
