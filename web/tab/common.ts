// What every tab page shares: building DOM safely (text only, never innerHTML, so nothing a user
// or a pack contains can become markup), talking to the JSON API, the area picker and citations.
import type { CitedSource } from '../../knowledge/decide.ts';
import { joinHost } from './teams.ts';

type Child = Node | string | number | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : value);
  }
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`missing #${id}`);
  return node as T;
}

export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

async function readJson<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => ({}))) as T & { message?: string };
  if (!res.ok) throw new ApiError(res.status, body.message ?? `The server answered ${res.status}.`);
  return body;
}

export async function getJson<T>(path: string, params: Record<string, string | number | undefined> = {}): Promise<T> {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
  return readJson<T>(await fetch(url, { headers: { accept: 'application/json' } }));
}

export async function postJson<T>(path: string, body: unknown): Promise<T> {
  return readJson<T>(await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) }));
}

/** The readable part of a document, as /api/localities lists it. */
export interface DocumentInfo {
  title: string;
  owner?: string;
  dateText: string;
  national?: boolean;
}

/**
 * "Source: <title>, <owner> (<date>), section “…”", the way every page cites the guidance. The
 * file name is for the audit trail and never shown; a source the page cannot name says so.
 */
export function citation(source: Pick<CitedSource, 'section'> & Partial<CitedSource>, doc?: DocumentInfo): HTMLElement {
  const title = source.documentTitle ?? doc?.title;
  const owner = source.documentOwner ?? doc?.owner;
  const date = source.documentDate ?? doc?.dateText;
  const national = source.national ?? doc?.national;
  return el(
    'p',
    { class: 'source' },
    national ? 'Source (national guidance): ' : 'Source: ',
    el('cite', {}, title ?? 'the local guidance'),
    owner ? `, ${owner}` : '',
    date ? ` (${date})` : '',
    `, section “${source.section}”`,
  );
}

export interface Locality {
  id: string;
  name: string;
  shortName: string;
  levels: { level: number; name: string }[];
  documents: ({ file: string } & DocumentInfo)[];
}

export interface PageContext {
  locality: Locality;
  localities: Locality[];
  /** Called with the new area when the user changes it. */
  onAreaChange(listener: (locality: Locality) => void): void;
}

const AREA_KEY = 'early-help-guide.area';

function storedArea(): string | null {
  try {
    return localStorage.getItem(AREA_KEY);
  } catch {
    return null; // storage can be blocked in a framed page; the default area is fine
  }
}

/** Joins Teams if present, fills the area picker, and shows the area's name in the heading. */
export async function setUpPage(): Promise<PageContext> {
  void joinHost();
  const { default: fallback, localities } = await getJson<{ default: string; localities: Locality[] }>('/api/localities');
  const wanted = new URL(location.href).searchParams.get('locality') ?? storedArea() ?? fallback;
  let current = localities.find((l) => l.id === wanted) ?? localities.find((l) => l.id === fallback)!;
  const listeners: ((l: Locality) => void)[] = [];

  const select = byId<HTMLSelectElement>('area');
  select.replaceChildren(...localities.map((l) => el('option', { value: l.id, selected: l.id === current.id }, l.name)));
  select.disabled = false;
  const showName = () => document.querySelectorAll('[data-area-name]').forEach((n) => (n.textContent = `in ${current.shortName}`));
  showName();
  select.addEventListener('change', () => {
    current = localities.find((l) => l.id === select.value) ?? current;
    try {
      localStorage.setItem(AREA_KEY, current.id);
    } catch {
      /* not kept; the choice still applies to this page */
    }
    const url = new URL(location.href);
    url.searchParams.set('locality', current.id);
    history.replaceState(null, '', url);
    showName();
    for (const listener of listeners) listener(current);
  });
  return { locality: current, localities, onAreaChange: (l) => listeners.push(l) };
}

/**
 * Runs a search against a JSON endpoint answering { results }, lists what it found and says how
 * many in the status line (a live region), or what went wrong.
 */
export async function showResults<T>(options: {
  path: string;
  params: Record<string, string | number | undefined>;
  item: (result: T) => HTMLElement;
  list: HTMLElement;
  status: HTMLElement;
  /** Singular and plural: "service", "services". */
  noun: readonly [string, string];
  none: string;
  ranked: boolean;
  /** Sees the whole answer (e.g. the directory's "nothing found" offer) after the list is shown. */
  after?: (body: Record<string, unknown>) => void;
}): Promise<void> {
  const { list, status } = options;
  status.textContent = 'Searching…';
  busy(true);
  try {
    const body = await getJson<{ results: T[] }>(options.path, options.params);
    const { results } = body;
    list.replaceChildren(...results.map(options.item));
    options.after?.(body);
    status.textContent =
      results.length === 0 ? options.none : `${results.length} ${options.noun[results.length === 1 ? 0 : 1]}${options.ranked ? ', best match first' : ''}.`;
  } catch (err) {
    list.replaceChildren();
    status.textContent = err instanceof ApiError ? `Sorry, that search did not work: ${err.message}` : 'Sorry, the page could not reach the service. Try again.';
  }
  busy(false);
}

/** Marks the page busy while its content loads (screen readers wait; tests wait for it too). */
export function busy(state: boolean): void {
  byId('main').setAttribute('aria-busy', String(state));
}

export function showError(node: HTMLElement, err: unknown): void {
  node.textContent = err instanceof ApiError ? `Sorry, that did not work: ${err.message}` : 'Sorry, the page could not reach the service. Check your connection and try again.';
  node.hidden = false;
}

/** "6 September 2016" or "February 2015" from an ISO date of either precision. */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  const date = new Date(Date.UTC(y!, (m ?? 1) - 1, d ?? 1));
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', year: 'numeric', month: 'long', ...(d ? { day: 'numeric' } : {}) }).format(date);
}
