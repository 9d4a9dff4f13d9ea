// The duty channel page: shows where summaries are posted and lets a signed-in duty team member
// designate one of the teams the app has been installed in. It uses the duty page's sign-in (the
// same session storage); everything shown is set as text.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const token = sessionStorage.getItem('dutyToken');
  const name = sessionStorage.getItem('dutyName') || '';
  const when = (iso) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' });
  const label = (c) => `${c.teamName || 'A team'} (${c.conversationId})`;

  async function api(path, options = {}) {
    const res = await fetch(path, { ...options, headers: { authorization: `Bearer ${token}`, 'x-duty-name': name, ...(options.body ? { 'content-type': 'application/json' } : {}) } });
    const body = await res.json().catch(() => ({}));
    return { status: res.status, body };
  }

  function render(state) {
    const current = state.current;
    if (state.mode === 'anonymous') $('current').textContent = 'This service has no Microsoft app id, so it cannot post to Teams: every summary waits on the duty page.';
    else if (!current) $('current').textContent = 'No duty channel has been chosen yet: summaries wait on the duty page until one is.';
    else if (current.source === 'configured') $('current').textContent = `Summaries are posted to ${label(current)}, set in the service configuration.`;
    else $('current').textContent = `Summaries are posted to ${label(current)}, chosen by ${current.designatedBy}, ${when(current.designatedAt)}.`;
    const box = $('candidates');
    box.replaceChildren();
    state.candidates.forEach((c, i) => {
      const id = `candidate-${i}`;
      const row = document.createElement('div');
      const input = document.createElement('input');
      Object.assign(input, { type: 'radio', name: 'conversationId', id, value: c.conversationId, checked: current?.conversationId === c.conversationId });
      const lab = document.createElement('label');
      lab.htmlFor = id;
      lab.textContent = `${label(c)}, installed ${when(c.seenAt)}`;
      row.append(input, lab);
      box.append(row);
    });
    $('designate-form').hidden = state.mode !== 'designated' || state.candidates.length === 0;
    $('channel').hidden = false;
  }

  async function load() {
    if (!token) return void ($('signed-out').hidden = false);
    const r = await api('/api/duty/channel');
    if (r.status === 401) return void ($('signed-out').hidden = false);
    render(r.body);
  }

  $('designate-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const chosen = new FormData(e.target).get('conversationId');
    $('error').hidden = true;
    if (!chosen) return Object.assign($('error'), { hidden: false, textContent: 'Choose a team first.' });
    const r = await api('/api/duty/channel', { method: 'POST', body: JSON.stringify({ conversationId: chosen }) });
    if (r.status !== 200) return Object.assign($('error'), { hidden: false, textContent: r.body.message || (r.body.problems || []).map((p) => `${p.field} ${p.reason}`).join('; ') || 'That did not work.' });
    render(r.body);
  });

  load();
})();
