// Joining Microsoft Teams when the tab runs inside it. teams-js (served from our own server) is
// loaded only when the page is framed or has a native bridge: a top-level browser window cannot be
// a Teams tab, and the SDK would otherwise try to fetch its list of hosts from a CDN on every page.
// app.initialize() never settles outside a Teams host, so it is raced with a timeout and the page
// carries on as a standalone page. Inside Teams the page follows the Teams theme (default, dark or
// high contrast), including when the user changes it.
import type * as TeamsJs from '@microsoft/teams-js';

declare global {
  interface Window {
    microsoftTeams?: typeof TeamsJs;
    nativeInterface?: unknown;
  }
}

export const TEAMS_INIT_TIMEOUT_MS = 4000;
const THEMES = ['default', 'dark', 'contrast'];

export type Host = 'teams' | 'browser';

export function applyTheme(theme: string | undefined): void {
  document.documentElement.dataset.theme = theme && THEMES.includes(theme) ? theme : 'default';
}

function timeout(ms: number): Promise<'timeout'> {
  return new Promise((resolve) => setTimeout(() => resolve('timeout'), ms));
}

function loadSdk(): Promise<typeof TeamsJs | undefined> {
  return new Promise((resolve) => {
    const script = document.createElement('script');
    script.src = '/tab/assets/teams-js.js';
    script.onload = () => resolve(window.microsoftTeams);
    script.onerror = () => resolve(undefined);
    document.head.appendChild(script);
  });
}

/** Resolves to where the page is running; never rejects. */
export async function joinHost(): Promise<Host> {
  const framed = window.parent !== window || window.nativeInterface !== undefined;
  if (!framed) return markHost('browser');
  const sdk = await loadSdk();
  if (!sdk) return markHost('browser');
  try {
    const joined = await Promise.race([sdk.app.initialize().then(() => 'joined' as const), timeout(TEAMS_INIT_TIMEOUT_MS)]);
    if (joined === 'timeout') return markHost('browser');
    const context = await Promise.race([sdk.app.getContext(), timeout(TEAMS_INIT_TIMEOUT_MS)]);
    if (context !== 'timeout') applyTheme(context.app.theme);
    sdk.app.registerOnThemeChangeHandler((theme) => applyTheme(theme));
    return markHost('teams');
  } catch {
    return markHost('browser');
  }
}

function markHost(host: Host): Host {
  document.documentElement.dataset.host = host;
  return host;
}
