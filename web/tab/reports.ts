// The board reports page (/reports). It signs in as the duty page does: a duty token typed in (kept
// in this browser tab's session storage, shared with the duty page) or, in production, Teams single
// sign-on. Every figure comes from /api/reports with the sign-in as a bearer token, already
// suppressed on the server; the CSV links fetch the same way and save what arrives, so a download
// is authenticated and audited like a view. Everything is built from text nodes; the chart is SVG
// drawn by the server from figures alone, parsed as an image document, never as HTML.
import type { BoardReport, ReportTable } from '../../bot/reports/board.ts';
import { busy, byId, el } from './common.ts';
import { joinHost, TEAMS_INIT_TIMEOUT_MS } from './teams.ts';

const TOKEN_KEY = 'dutyToken';
const NAME_KEY = 'dutyName';
const FILTERS = ['locality', 'from', 'to'] as const;

class SignedOut extends Error {}

let method: 'token' | 'entra' = 'token';
/** A Teams single sign-on token lives only in memory: Teams gives a fresh one on every visit. */
let ssoToken: string | undefined;

function stored(key: string): string {
  try {
    return sessionStorage.getItem(key) ?? '';
  } catch {
    return '';
  }
}

function store(key: string, value: string | undefined): void {
  try {
    if (value === undefined) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, value);
  } catch {
    /* storage blocked (a framed page): the sign-in lasts until the page is left */
  }
}

let memoryToken = '';
const token = () => ssoToken ?? (stored(TOKEN_KEY) || memoryToken);

async function authorised(path: string): Promise<Response> {
  const res = await fetch(path, { headers: { authorization: `Bearer ${token()}`, 'x-duty-name': stored(NAME_KEY), accept: 'application/json' } });
  if (res.status === 401) {
    signOut(
      method === 'entra'
        ? 'Your Teams sign-in has expired or does not give access to the reports. Reopen the tab, or ask your administrator for the reports role.'
        : 'Your sign-in was not accepted. Check the duty token and try again.',
    );
    throw new SignedOut();
  }
  return res;
}

function show(section: 'sign-in' | 'report'): void {
  byId('sign-in').hidden = section !== 'sign-in';
  byId('report').hidden = section !== 'report';
}

function signOut(message?: string): void {
  store(TOKEN_KEY, undefined);
  memoryToken = '';
  ssoToken = undefined;
  show('sign-in');
  const error = byId('sign-in-error');
  error.textContent = message ?? '';
  error.hidden = !message;
  if (method === 'token') byId('token').focus();
}

// ---------------------------------------------------------------------------------------------
// Filters, kept in the address so a reload or a shared link shows the same figures.

function filtersFromAddress(): URLSearchParams {
  const here = new URL(location.href).searchParams;
  const params = new URLSearchParams();
  for (const key of FILTERS) {
    const value = here.get(key);
    if (value) params.set(key, value);
  }
  return params;
}

function filtersFromForm(): URLSearchParams {
  const params = new URLSearchParams();
  const values = { locality: byId<HTMLSelectElement>('filter-area').value, from: byId<HTMLInputElement>('filter-from').value, to: byId<HTMLInputElement>('filter-to').value };
  for (const key of FILTERS) if (values[key]) params.set(key, values[key]);
  return params;
}

/** Puts each month's problem beside its field; returns the rest (an unknown area, say), to say in the status line. */
function showFieldProblems(problems: { field: string; reason: string }[]): string[] {
  for (const key of ['from', 'to'] as const) {
    const problem = problems.find((p) => p.field === `query.${key}`);
    const input = byId<HTMLInputElement>(`filter-${key}`);
    const message = byId(`filter-${key}-error`);
    if (problem) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
    message.textContent = problem ? `${key === 'from' ? 'From' : 'To'}: ${problem.reason}.` : '';
    message.hidden = !problem;
  }
  return problems.filter((p) => p.field !== 'query.from' && p.field !== 'query.to').map((p) => p.reason);
}

// ---------------------------------------------------------------------------------------------
// Showing the report

const LONG_MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
function monthName(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return LONG_MONTH.format(new Date(Date.UTC(y, m - 1, 1)));
}

function cell(key: string, value: unknown): string {
  return key === 'month' && typeof value === 'string' ? monthName(value) : String(value ?? '');
}

function chart(svg: string): HTMLElement {
  const figure = el('figure', { class: 'chart-figure' });
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  if (doc.documentElement.nodeName === 'svg') figure.append(document.importNode(doc.documentElement, true));
  figure.append(el('figcaption', { class: 'hint' }, 'One small chart for each level, on the same scale. The table below gives the same figures.'));
  return figure;
}

function csvLink(table: ReportTable, params: URLSearchParams): HTMLElement {
  const href = `/api/reports/${table.id}.csv?${params}`;
  const link = el('a', { href, class: 'csv-link', download: `${table.id}.csv` }, `Download “${table.title}” as CSV`);
  link.addEventListener('click', (event) => {
    event.preventDefault();
    void download(href, link);
  });
  return el('p', {}, link);
}

async function download(href: string, link: HTMLAnchorElement): Promise<void> {
  const status = byId('report-status');
  try {
    const res = await authorised(href);
    if (!res.ok) {
      status.textContent = 'Sorry, that download did not work. Try again.';
      return;
    }
    const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? link.getAttribute('download') ?? 'report.csv';
    const url = URL.createObjectURL(await res.blob());
    const save = el('a', { href: url, download: name, hidden: true });
    document.body.append(save);
    save.click();
    save.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    status.textContent = `Downloaded ${name}.`;
  } catch (err) {
    if (!(err instanceof SignedOut)) status.textContent = 'Sorry, the page could not reach the service. Try again.';
  }
}

function renderTable(table: ReportTable, report: BoardReport, params: URLSearchParams): HTMLElement {
  const titleId = `table-${table.id}`;
  const [first, ...rest] = table.columns;
  const head = el('tr', {}, ...table.columns.map((c) => el('th', { scope: 'col', class: c.numeric ? 'numeric' : undefined }, c.header)));
  const body = table.rows.map((row) =>
    el(
      'tr',
      {},
      el('th', { scope: 'row' }, cell(first!.key, row[first!.key])),
      ...rest.map((c) => el('td', { class: c.numeric ? 'numeric' : undefined }, cell(c.key, row[c.key]))),
    ),
  );
  return el(
    'section',
    { class: 'report-table', 'aria-labelledby': titleId },
    el('h2', { id: titleId }, table.title),
    el('p', { class: 'hint' }, table.description),
    table.id === report.chart.table ? chart(report.chart.svg) : null,
    table.rows.length
      ? el('table', {}, el('caption', { class: 'visually-hidden' }, `${table.title}, ${periodText(report)}`), el('thead', {}, head), el('tbody', {}, ...body))
      : el('p', {}, 'Nothing was counted here in this period.'),
    csvLink(table, params),
  );
}

function areaText(report: BoardReport): string {
  return report.locality ? (report.areas.find((a) => a.id === report.locality)?.name ?? report.locality) : 'all areas';
}

function periodText(report: BoardReport): string {
  const { from, to } = report.period;
  return `${from === to ? monthName(from) : `${monthName(from)} to ${monthName(to)}`}, ${areaText(report)}`;
}

function render(report: BoardReport): void {
  // The CSV links ask for exactly the period and area on show.
  const params = new URLSearchParams({ from: report.period.from, to: report.period.to, ...(report.locality ? { locality: report.locality } : {}) });
  const area = byId<HTMLSelectElement>('filter-area');
  area.replaceChildren(el('option', { value: '' }, 'All areas'), ...report.areas.map((a) => el('option', { value: a.id, selected: a.id === report.locality }, a.name)));
  byId<HTMLInputElement>('filter-from').value = report.period.from;
  byId<HTMLInputElement>('filter-to').value = report.period.to;
  const totals: [string, unknown][] = [
    ['Outcomes given', report.totals.outcomes],
    ['Duty handoffs', report.totals.handoffs],
    ['Directory searches with no result', report.totals.directorySearchesWithNoResult],
  ];
  byId('totals').replaceChildren(...totals.flatMap(([label, value]) => [el('dt', {}, label), el('dd', {}, String(value))]));
  byId('cannot-know').textContent = report.cannotKnow;
  byId('tables').replaceChildren(...report.tables.map((t) => renderTable(t, report, params)));
  byId('report-status').textContent = `Showing ${periodText(report)}.`;
}

async function load(params: URLSearchParams): Promise<void> {
  busy(true);
  const status = byId('report-status');
  status.textContent = 'Loading the figures…';
  try {
    const res = await authorised(`/api/reports${params.size ? `?${params}` : ''}`);
    const body = await res.json();
    show('report');
    if (res.status === 400) {
      const others = showFieldProblems(body.problems ?? []);
      status.textContent = `Those filters could not be used: ${others.length ? `${others.join('; ')}.` : 'see the message beside the field.'}`;
    } else if (!res.ok) {
      status.textContent = 'Sorry, the figures could not be shown. Try again.';
    } else {
      showFieldProblems([]);
      const url = new URL(location.href);
      for (const key of FILTERS) url.searchParams.delete(key);
      for (const [key, value] of params) url.searchParams.set(key, value);
      history.replaceState(null, '', url);
      render(body as BoardReport);
    }
  } catch (err) {
    if (!(err instanceof SignedOut)) status.textContent = 'Sorry, the page could not reach the service. Check your connection and try again.';
  }
  busy(false);
}

async function enter(): Promise<void> {
  byId('who').textContent = method === 'entra' ? 'Signed in through Microsoft Teams.' : `Signed in${stored(NAME_KEY) ? ` as ${stored(NAME_KEY)}` : ''} with the duty token.`;
  await load(filtersFromAddress());
}

// ---------------------------------------------------------------------------------------------
// Signing in

byId<HTMLFormElement>('sign-in-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = byId<HTMLInputElement>('token');
  const value = input.value.trim();
  if (!value) {
    const error = byId('sign-in-error');
    error.textContent = 'Enter the duty token.';
    error.hidden = false;
    input.focus();
    return;
  }
  memoryToken = value;
  store(TOKEN_KEY, value);
  store(NAME_KEY, byId<HTMLInputElement>('name').value.trim());
  input.value = '';
  byId('sign-in-error').hidden = true;
  void enter();
});

byId('sign-out').addEventListener('click', () => signOut());

byId<HTMLFormElement>('filters').addEventListener('submit', (event) => {
  event.preventDefault();
  void load(filtersFromForm());
});

async function teamsSignIn(host: 'teams' | 'browser'): Promise<void> {
  byId('sign-in-form').hidden = true;
  const status = byId('sso-status');
  status.hidden = false;
  show('sign-in');
  if (host !== 'teams' || !window.microsoftTeams) {
    status.textContent = 'Open the reports as the Reports tab of the Early help guide in Microsoft Teams: sign-in is through your organisation account there.';
    return;
  }
  status.textContent = 'Signing you in through Microsoft Teams…';
  try {
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), TEAMS_INIT_TIMEOUT_MS * 2));
    ssoToken = await Promise.race([window.microsoftTeams.authentication.getAuthToken(), timeout]);
    await enter();
  } catch {
    status.textContent = 'Teams could not sign you in. Reopen the tab, or ask your administrator whether you have access to the reports.';
  }
}

async function start(): Promise<void> {
  const host = await joinHost();
  try {
    const res = await fetch('/api/duty/sign-in', { headers: { accept: 'application/json' } });
    method = ((await res.json()) as { method: 'token' | 'entra' }).method;
  } catch {
    method = 'token';
  }
  if (method === 'entra') return teamsSignIn(host);
  if (token()) return enter();
  show('sign-in');
}

void start().finally(() => busy(false));
