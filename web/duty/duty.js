// The duty page: sign in with the duty token, list handoffs newest first, open one, acknowledge it,
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
    show('login');
    $('login-error').hidden = !message;
    $('login-error').textContent = message || '';
  }

  const when = (iso) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' });

  async function loadList() {
    const { body } = await api('/api/duty/handoffs');
    const tbody = $('list').querySelector('tbody');
    tbody.replaceChildren();
    for (const h of body.handoffs) {
      const tr = document.createElement('tr');
      tr.className = h.status;
      const refCell = document.createElement('td');
      const open = document.createElement('a');
      open.href = `#${h.reference}`;
      open.textContent = h.reference;
      open.addEventListener('click', (e) => { e.preventDefault(); openHandoff(h.reference); });
      refCell.append(open);
      tr.append(refCell);
      for (const text of [when(h.createdAt), h.locality, `Level ${h.level}`, STATUS[h.status] || h.status, DELIVERY[h.delivery] || h.delivery]) {
        const td = document.createElement('td');
        td.textContent = text;
        tr.append(td);
      }
      tbody.append(tr);
    }
    $('empty').hidden = body.handoffs.length > 0;
    $('list').hidden = body.handoffs.length === 0;
    show('board');
  }

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
