// The duty page: sign in with the duty token, list handoffs (every unacknowledged one first, most
// urgent first; the rest a page at a time), see new ones arrive live, open one, acknowledge it,
// record the outcome. All data comes from /api/duty with the token as a bearer header; the
// summary's HTML is escaped by the server's template, and everything else is set as text.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const STATUS = { new: 'New', acknowledged: 'Acknowledged', 'outcome-recorded': 'Outcome recorded' };
  const DELIVERY = { delivered: 'Posted in the duty channel', pending: 'Waiting to post', 'in-flight': 'Posting now', unknown: 'Checking the duty channel', none: 'Not queued' };
  let current = null;
  let signInMethod = 'token';

  const creds = () => ({ token: sessionStorage.getItem('dutyToken'), name: sessionStorage.getItem('dutyName') || '' });

  async function api(path, options = {}) {
    const { token, name } = creds();
    const res = await fetch(path, {
      ...options,
      headers: { authorization: `Bearer ${token}`, 'x-duty-name': name, ...(options.body ? { 'content-type': 'application/json' } : {}) },
    });
    if (res.status === 401) {
      signOut(signInMethod === 'entra' ? 'Your Teams sign-in has expired or was not accepted. Reopen the tab to sign in again.' : 'Your sign-in was not accepted. Check the duty token and try again.');
      throw new Error('unauthorized');
    }
    const body = await res.json().catch(() => ({}));
    return { status: res.status, body };
  }

  function show(section) {
    for (const id of ['login', 'board', 'detail']) $(id).hidden = id !== section;
  }

  function signOut(message) {
    sessionStorage.removeItem('dutyToken');
    stopListening();
    $('arrived').hidden = true;
    show('login');
    $('login-error').hidden = !message;
    $('login-error').textContent = message || '';
  }

  const when = (iso) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' });

  const URGENCY = {
    'immediate-danger': 'Yes: 999 advised',
    'not-sure': 'Not sure',
    'not-known': 'Not asked',
    'not-in-immediate-danger': 'No',
  };
  const URGENT_WHY = {
    'immediate-danger': 'the referrer says the child is in immediate danger',
    'not-sure': 'the referrer was not sure whether the child is in immediate danger',
    'not-known': 'the referrer was not asked whether the child is in immediate danger',
  };
  let page = 1;
  let last = null; // the last list the server sent, redrawn as time passes
  let clockOffset = 0; // server time minus this browser's time
  let seen = null; // references already shown, so a new one can be pointed out

  function minutesText(ms) {
    const m = Math.max(0, Math.floor(ms / 60000));
    if (m < 1) return 'under a minute';
    if (m < 60) return `${m} min`;
    const h = Math.floor(m / 60);
    if (h < 48) return `${h} h ${m % 60} min`;
    return `${Math.floor(h / 24)} days`;
  }
  const now = () => Date.now() + clockOffset;
  const waitingText = (h) =>
    h.acknowledgedAt ? minutesText(Date.parse(h.acknowledgedAt) - Date.parse(h.createdAt)) : minutesText(now() - Date.parse(h.createdAt));

  function row(h, fresh) {
    const tr = document.createElement('tr');
    tr.className = `${h.status} urgency-${h.urgency}${fresh ? ' fresh' : ''}`;
    const refCell = document.createElement('td');
    const open = document.createElement('a');
    open.href = `#${h.reference}`;
    open.textContent = h.reference;
    open.addEventListener('click', (e) => { e.preventDefault(); openHandoff(h.reference); });
    refCell.append(open);
    tr.append(refCell);
    const cells = [URGENCY[h.urgency] || h.urgency, h.child.initials, h.child.age, h.locality, `Level ${h.level}`, waitingText(h), STATUS[h.status] || h.status, DELIVERY[h.delivery] || h.delivery];
    cells.forEach((text, i) => {
      const td = document.createElement('td');
      td.textContent = text;
      if (i === 5) td.className = 'waiting';
      tr.append(td);
    });
    return tr;
  }

  function render(body, fresh = new Set()) {
    const waiting = $('list').querySelector('tbody');
    const handled = $('handled').querySelector('tbody');
    waiting.replaceChildren(...body.waiting.map((h) => row(h, fresh.has(h.reference))));
    handled.replaceChildren(...body.handled.map((h) => row(h, fresh.has(h.reference))));
    const urgent = body.waiting.filter((h) => URGENT_WHY[h.urgency]);
    $('urgent').hidden = urgent.length === 0;
    $('urgent-list').replaceChildren(
      ...urgent.map((h) => {
        const li = document.createElement('li');
        const a = document.createElement('a');
        a.href = `#${h.reference}`;
        a.textContent = h.reference;
        a.addEventListener('click', (e) => { e.preventDefault(); openHandoff(h.reference); });
        li.append(a, document.createTextNode(`: ${URGENT_WHY[h.urgency]}. Child ${h.child.initials}, ${h.child.age === 'not known' ? 'age not known' : `age ${h.child.age}`}, ${h.locality}, waiting ${waitingText(h)}.`));
        return li;
      }),
    );
    const n = (k, one, many) => `${k} ${k === 1 ? one : many}`;
    $('counts').textContent = `${n(body.total, 'handoff', 'handoffs')} in all: ${body.unacknowledged} not yet acknowledged (all listed below), ${body.page.handled} acknowledged.`;
    $('empty').hidden = body.total > 0;
    $('waiting-empty').hidden = body.waiting.length > 0 || body.total === 0;
    $('list').hidden = body.waiting.length === 0;
    $('handled').hidden = body.handled.length === 0;
    $('handled-empty').hidden = body.handled.length > 0 || body.total === 0;
    $('pager').hidden = body.page.pages <= 1;
    $('page-of').textContent = `Page ${body.page.page} of ${body.page.pages}`;
    $('prev').disabled = body.page.page <= 1;
    $('next').disabled = body.page.page >= body.page.pages;
  }

  async function fetchList() {
    const { status, body } = await api(`/api/duty/handoffs?page=${page}`);
    if (status !== 200) throw new Error(body.message || 'The list could not be loaded.');
    clockOffset = Date.parse(body.now) - Date.now();
    return body;
  }

  async function loadList() {
    const body = await fetchList();
    $('arrived').hidden = true;
    document.title = 'Duty handoffs';
    seen = new Set(body.handoffs.map((h) => h.reference));
    last = body;
    render(body);
    show('board');
  }

  // Called when the server says the handoffs changed: redraw, and point out any that are new.
  async function refreshLive() {
    const body = await fetchList();
    const arrived = seen ? body.waiting.filter((h) => !seen.has(h.reference)) : [];
    for (const h of body.handoffs) (seen ??= new Set()).add(h.reference);
    last = body;
    render(body, new Set(arrived.map((h) => h.reference)));
    if (arrived.length) announce(arrived);
  }

  function announce(arrived) {
    const words = arrived.map((h) => `${h.reference}, level ${h.level}, ${h.locality}${URGENT_WHY[h.urgency] ? `: ${URGENT_WHY[h.urgency]}` : ''}`);
    const text = `${arrived.length === 1 ? 'New handoff' : `${arrived.length} new handoffs`}: ${words.join('; ')}.`;
    $('arrived').textContent = text;
    $('arrived').hidden = false;
    // Cleared first so the same words are read again if they repeat.
    $('announce').textContent = '';
    setTimeout(() => { $('announce').textContent = text; }, 50);
    if ($('sound').checked) beep(arrived.some((h) => URGENT_WHY[h.urgency]));
    document.title = `(${arrived.length} new) Duty handoffs`;
  }

  // A short tone made in the page (no audio file to fetch); off unless the duty worker turns it on.
  function beep(urgent) {
    try {
      const ctx = new AudioContext();
      const tones = urgent ? [880, 660, 880] : [660];
      tones.forEach((f, i) => {
        const o = ctx.createOscillator();
        const g = ctx.createGain();
        o.frequency.value = f;
        g.gain.value = 0.15;
        o.connect(g).connect(ctx.destination);
        o.start(ctx.currentTime + i * 0.25);
        o.stop(ctx.currentTime + i * 0.25 + 0.2);
      });
      setTimeout(() => ctx.close(), 1500);
    } catch { /* no audio here: the visual cue and the announcement remain */ }
  }

  // Live updates: the server-sent event stream read with fetch, so it carries the bearer token
  // like every other call. On a dropped stream the page reconnects, and polls the list meanwhile.
  let stream = null;
  async function listen() {
    if (stream) return;
    const controller = new AbortController();
    stream = controller;
    const { token, name } = creds();
    try {
      const res = await fetch('/api/duty/events', { headers: { authorization: `Bearer ${token}`, 'x-duty-name': name, accept: 'text/event-stream' }, signal: controller.signal });
      if (res.status === 401) { stream = null; return signOut('Your sign-in was not accepted. Sign in again.'); }
      if (!res.ok || !res.body) throw new Error('no stream');
      $('live-state').textContent = 'New handoffs appear here without refreshing.';
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      let first = true;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          if (!/^event: handoffs$/m.test(block)) continue;
          // The first event says where things stand now; the list was just loaded.
          if (first) { first = false; if (last) continue; }
          if (!$('board').hidden || !$('detail').hidden) await refreshLive().catch(() => {});
        }
      }
    } catch { /* dropped: reconnect below */ }
    if (stream !== controller) return; // signed out meanwhile
    stream = null;
    $('live-state').textContent = 'Live updates are reconnecting; the list is checked every few seconds meanwhile.';
    setTimeout(() => { if (creds().token) { refreshLive().catch(() => {}); listen(); } }, 3000);
  }

  function stopListening() {
    const s = stream;
    stream = null;
    s?.abort();
  }

  $('prev').addEventListener('click', () => { page = Math.max(1, page - 1); loadList(); });
  $('next').addEventListener('click', () => { page += 1; loadList(); });
  $('sound').checked = localStorage.getItem('dutySound') === 'on';
  $('sound').addEventListener('change', () => localStorage.setItem('dutySound', $('sound').checked ? 'on' : 'off'));
  // "Waiting" counts up while the page is open.
  setInterval(() => { if (last && !$('board').hidden) for (const td of document.querySelectorAll('#list td.waiting')) td.textContent = waitingText(last.waiting[td.parentElement.rowIndex - 1]); }, 30000);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) document.title = 'Duty handoffs'; });

  function renderDetail(h) {
    current = h;
    $('detail-title').textContent = `Handoff ${h.reference}`;
    const lines = [`${h.reference}: ${STATUS[h.status] || h.status}.`, `Teams: ${DELIVERY[h.delivery.state] || h.delivery.state}.`];
    if (h.acknowledged) lines.push(`Acknowledged by ${h.acknowledged.by}, ${when(h.acknowledged.at)}.`);
    if (h.outcome) lines.push(`Outcome: ${h.outcome.label}, recorded by ${h.outcome.by}, ${when(h.outcome.at)}.${h.outcome.note ? ` Note: ${h.outcome.note}` : ''}`);
    $('status').textContent = lines.join(' ');
    $('acknowledge').hidden = h.status !== 'new';
    $('outcome-form').hidden = h.status === 'outcome-recorded';
    $('summary').innerHTML = h.html; // escaped on the server by the handlebars template
    $('plain').value = h.text;
    $('detail-error').hidden = true;
    show('detail');
  }

  async function openHandoff(reference) {
    const { status, body } = await api(`/api/duty/handoffs/${encodeURIComponent(reference)}`);
    if (status !== 200) return detailError(body.message || 'That handoff could not be opened.');
    renderDetail(body);
  }

  function detailError(message) {
    $('detail-error').textContent = message;
    $('detail-error').hidden = false;
  }

  $('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const token = $('token').value.trim();
    if (!token) {
      $('login-error').textContent = 'Enter the duty token.';
      $('login-error').hidden = false;
      return;
    }
    sessionStorage.setItem('dutyToken', token);
    sessionStorage.setItem('dutyName', $('name').value.trim());
    $('token').value = '';
    try {
      const { body } = await api('/api/duty/me');
      $('who').textContent = `Signed in as ${body.name}.`;
      $('login-error').hidden = true;
      await loadList();
      listen();
    } catch { /* signOut has said why */ }
  });

  $('acknowledge').addEventListener('click', async () => {
    const { status, body } = await api(`/api/duty/handoffs/${encodeURIComponent(current.reference)}/acknowledge`, { method: 'POST', body: '{}' });
    if (status === 200) return renderDetail(body);
    if (body.handoff) renderDetail(body.handoff);
    detailError(body.message || 'It could not be acknowledged.');
  });

  $('outcome-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const outcome = $('outcome').value;
    if (!outcome) return detailError('Choose an outcome.');
    const note = $('note').value.trim();
    const { status, body } = await api(`/api/duty/handoffs/${encodeURIComponent(current.reference)}/outcome`, {
      method: 'POST',
      body: JSON.stringify(note ? { outcome, note } : { outcome }),
    });
    if (status === 200) {
      $('note').value = '';
      $('outcome').value = '';
      return renderDetail(body);
    }
    if (body.handoff) renderDetail(body.handoff);
    detailError(body.message || 'The outcome could not be saved.');
  });

  $('back').addEventListener('click', () => loadList());
  $('refresh').addEventListener('click', () => loadList());
  $('signout').addEventListener('click', () => signOut());

  async function enter() {
    const { body } = await api('/api/duty/me');
    $('who').textContent = `Signed in as ${body.name}.`;
    await loadList();
    listen();
  }

  // Production: the page is a Teams tab and signs in through Teams single sign-on. teams-js never
  // settles outside Teams, so it is raced against a timeout and the page says what to do instead.
  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = src;
      s.onload = resolve;
      s.onerror = reject;
      document.head.append(s);
    });
  }
  async function teamsSignIn() {
    $('login-form').hidden = true;
    $('token-help').hidden = true;
    $('sso-status').hidden = false;
    $('sso-status').textContent = 'Signing you in through Microsoft Teams…';
    try {
      await loadScript('/tab/assets/teams-js.js');
      const timeout = (ms) => new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms));
      await Promise.race([window.microsoftTeams.app.initialize(), timeout(4000)]);
      const token = await Promise.race([window.microsoftTeams.authentication.getAuthToken(), timeout(10000)]);
      sessionStorage.setItem('dutyToken', token);
      await enter();
    } catch {
      $('sso-status').textContent = 'Open the duty page as a tab in Microsoft Teams: sign-in is through your organisation account there.';
    }
  }

  fetch('/api/duty/sign-in')
    .then((r) => r.json())
    .then((cfg) => {
      signInMethod = cfg.method;
      if (signInMethod === 'entra') return teamsSignIn();
      if (creds().token) return enter().catch(() => {});
      show('login');
    })
    .catch(() => show('login'));
})();
