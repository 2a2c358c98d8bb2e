// The console's pages. Each renders into its container from the admin API; buttons appear only for roles that may use
// them (the API refuses the others anyway: 403).
import { t, label } from './i18n.js';
import { api, h, can, fmtTime, fmtDuration, agencyName, showError, autoRefresh, ApiError, authorization } from './app.js';

const STATUSES = ['REGISTERED', 'ASSIGNING', 'ASSIGNED', 'ACCEPTED', 'IN_MEDIATION', 'CONCLUDED', 'UNRESOLVED', 'BLOCKED'];

// ------------------------------------------------------------------------------------------------ overview

function barChart(buckets) {
  // grouped bars (in, out, errors) per 5-minute bucket; plain SVG, no library
  const W = 600, H = 140, pad = 18;
  const max = Math.max(1, ...buckets.flatMap(b => [b.in, b.out, b.errors]));
  const slot = (W - pad) / buckets.length;
  const bw = slot / 4;
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('role', 'img');
  svg.id = 'throughput-chart';
  const colors = { in: '#1f5fbf', out: '#1e8e3e', errors: '#c5221f' };
  buckets.forEach((b, i) => {
    ['in', 'out', 'errors'].forEach((k, j) => {
      const v = b[k];
      const bh = (H - pad) * v / max;
      const r = document.createElementNS(svg.namespaceURI, 'rect');
      r.setAttribute('x', pad + i * slot + j * bw);
      r.setAttribute('y', H - pad - bh);
      r.setAttribute('width', bw - 1);
      r.setAttribute('height', Math.max(bh, v > 0 ? 1 : 0));
      r.setAttribute('fill', colors[k]);
      const title = document.createElementNS(svg.namespaceURI, 'title');
      title.textContent = `${fmtTime(b.start)} ${t('overview.' + k)} ${v}`;
      r.append(title);
      svg.append(r);
    });
  });
  const axis = document.createElementNS(svg.namespaceURI, 'line');
  Object.entries({ x1: pad, x2: W, y1: H - pad, y2: H - pad, stroke: '#999' }).forEach(([k, v]) => axis.setAttribute(k, v));
  svg.append(axis);
  const label = document.createElementNS(svg.namespaceURI, 'text');
  Object.entries({ x: 0, y: 12, 'font-size': 11, fill: '#616e7c' }).forEach(([k, v]) => label.setAttribute(k, v));
  label.textContent = String(max);
  svg.append(label);
  return h('div', { class: 'chart' }, svg, h('div', { class: 'legend' },
    ['in', 'out', 'errors'].map(k => h('span', {}, h('i', { style: `background:${colors[k]}` }), t('overview.' + k)))));
}

function kpi(id, value, label, cls) {
  return h('div', { class: 'kpi ' + (cls || ''), id }, h('div', { class: 'v' }, value), h('div', { class: 'l' }, label));
}

async function overview(el) {
  const draw = async () => {
    const o = (await api('/api/admin/console/overview')).body;
    const cards = o.agencies.map(a => h('div', { class: 'card agency-card ' + a.state, dataset: { agency: a.agency, state: a.state } },
      h('div', { class: 'name' }, agencyName(a.agency), ' ', h('span', { class: 'badge ' + a.state }, t('link.' + a.state))),
      h('dl', { class: 'facts' },
        a.why.length ? [h('dt', {}, t('link.why')), h('dd', {}, a.why.map(w => t('why.' + w)).join('；'))] : null,
        h('dt', {}, t('link.lastSuccess')), h('dd', {}, fmtTime(a.lastSuccess)),
        h('dt', {}, t('link.inOut')), h('dd', {}, `${a.in} / ${a.out}`),
        h('dt', {}, t('link.backlog')), h('dd', {}, a.backlog),
        h('dt', {}, t('link.failing')), h('dd', {}, a.failing),
        a.breaker ? [h('dt', {}, t('link.breaker')), h('dd', {}, a.breaker)] : null,
        h('dt', {}, t('link.quarantined')), h('dd', {}, a.quarantined))));
    el.replaceChildren(
      h('h1', {}, t('overview.title'), ' ', h('small', { class: 'muted' }, `${fmtTime(o.generatedAt)} · ${t('common.autoRefresh')}`)),
      h('div', { class: 'kpis' },
        kpi('kpi-quarantine', o.quarantineOpen, t('overview.quarantine'), o.quarantineOpen ? 'warn' : ''),
        kpi('kpi-due-today', o.deadlinesDueToday, t('overview.dueToday'), o.deadlinesDueToday ? 'warn' : ''),
        kpi('kpi-overdue', o.deadlinesOverdue, t('overview.overdue'), o.deadlinesOverdue ? 'bad' : ''),
        kpi('kpi-alerts', o.alertsOpen, t('overview.alerts'), o.alertsOpen ? 'warn' : ''),
        kpi('kpi-in', o.inTotal, t('overview.inHour')),
        kpi('kpi-out', o.outTotal, t('overview.outHour')),
        kpi('kpi-errors', o.errorsTotal, t('overview.errHour'), o.errorsTotal ? 'bad' : '')),
      h('h2', {}, t('overview.links')),
      h('div', { class: 'grid', id: 'agency-links' }, cards),
      h('div', { class: 'row' },
        h('div', { class: 'card' }, h('h2', {}, t('overview.throughput')), barChart(o.buckets)),
        h('div', { class: 'card' }, h('h2', {}, t('overview.byStatus')),
          h('table', {}, h('tbody', {}, Object.entries(o.disputesByStatus).map(([s, n]) =>
            h('tr', {}, h('td', {}, h('a', { href: `#/disputes?status=${s}` }, label('status', s))), h('td', { class: 'num' }, n))))),
          h('h2', { style: 'margin-top:12px' }, t('overview.latestAlerts')),
          o.latestAlerts.length ? h('ul', {}, o.latestAlerts.map(a => h('li', {},
            h('span', { class: 'badge ' + a.severity }, a.severity), ' ', a.code, ' · ', fmtTime(a.at))))
            : h('p', { class: 'muted' }, t('common.none')))));
  };
  await draw();
  autoRefresh(() => draw().catch(e => showError(el, e)), 5000);
}

// ------------------------------------------------------------------------------------------------ routes

async function routes(el) {
  const list = (await api('/api/admin/routes')).body;
  // Hawtio (deep Camel inspection, ADMIN) is linked only when this hub serves it
  const hawtio = can.admin() && (await api('/hawtio/', { allow: [401, 403, 404, 500], probe: true }).catch(() => ({ status: 0 }))).status === 200;
  const act = async (id, what) => {
    if (what === 'suspend' && !confirm(t('routes.confirmSuspend', id))) return;
    try {
      await api(`/api/admin/routes/${encodeURIComponent(id)}/${what}`, { method: 'POST' });
      await routes(el);
    } catch (e) {
      alert(e instanceof ApiError && e.status === 403 ? t('common.forbidden') : e.message);
    }
  };
  el.replaceChildren(
    h('h1', {}, t('routes.title'), ' ', h('small', { class: 'muted' }, `(${list.length})`)),
    h('p', { class: 'muted' }, hawtio ? [t('routes.hawtio'), h('a', { href: '/hawtio/', target: '_blank' }, '/hawtio')]
      : can.admin() ? null : t('routes.adminOnly')),
    h('table', { id: 'routes-table' },
      h('thead', {}, h('tr', {}, ['routes.id', 'routes.status', 'routes.total', 'routes.failed', 'routes.handled',
        'routes.inflight', 'routes.mean', 'routes.max', 'routes.lastError', 'routes.from'].map(k =>
        h('th', { class: /total|failed|handled|inflight|mean|max/.test(k) ? 'num' : '' }, t(k))),
        can.admin() ? h('th', {}, t('routes.actions')) : null)),
      h('tbody', {}, list.map(r => h('tr', { dataset: { routeId: r.routeId, status: r.status } },
        h('td', {}, r.routeId),
        h('td', {}, h('span', { class: 'badge ' + r.status }, label('rstatus', r.status))),
        h('td', { class: 'num' }, r.exchangesTotal),
        h('td', { class: 'num' }, r.exchangesFailed),
        h('td', { class: 'num' }, r.failuresHandled),
        h('td', { class: 'num' }, r.inflight),
        h('td', { class: 'num' }, r.meanMs.toFixed(1)),
        h('td', { class: 'num' }, r.maxMs.toFixed(1)),
        h('td', {}, r.lastError ? `${fmtTime(r.lastError.at)} ${r.lastError.type}${r.lastError.message ? ' · ' + r.lastError.message : ''}` : '—'),
        h('td', { class: 'muted' }, r.from || ''),
        can.admin() ? h('td', {}, r.status === 'Started'
          ? h('button', { class: 'secondary route-suspend', onclick: () => act(r.routeId, 'suspend') }, t('routes.suspend'))
          : h('button', { class: 'route-resume', onclick: () => act(r.routeId, 'resume') }, t('routes.resume'))) : null)))));
}

// ------------------------------------------------------------------------------------------------ disputes

function params() {
  const q = location.hash.split('?')[1] || '';
  return Object.fromEntries(new URLSearchParams(q));
}

async function disputes(el, rest) {
  const id = (rest[0] || '').split('?')[0];
  if (id) return disputeDetail(el, id);
  const p = params();
  const field = (name, label, input) => h('label', {}, t(label), input);
  const form = h('form', { class: 'filters', id: 'dispute-search' },
    field('ref', 'disputes.ref', h('input', { id: 'dispute-search-ref', value: p.ref || '', size: 28 })),
    field('region', 'disputes.region', h('input', { id: 'dispute-search-region', value: p.region || '', size: 8 })),
    field('status', 'disputes.status', h('select', { id: 'dispute-search-status' },
      h('option', { value: '' }, t('disputes.any')),
      STATUSES.map(s => h('option', { value: s, selected: p.status === s }, label('status', s))))),
    field('from', 'disputes.from', h('input', { id: 'dispute-search-from', type: 'date', value: p.from || '' })),
    field('to', 'disputes.to', h('input', { id: 'dispute-search-to', type: 'date', value: p.to || '' })),
    // a name search would tell a masked role who is in a dispute: only for roles that see personal data
    can.operate() ? field('party', 'disputes.party', h('input', { id: 'dispute-search-party', value: p.party || '', size: 10 })) : '',
    h('button', { id: 'dispute-search-submit', type: 'submit' }, t('common.search')));
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    const q = new URLSearchParams();
    for (const k of ['ref', 'region', 'status', 'from', 'to', 'party']) {
      const input = document.getElementById('dispute-search-' + k);
      const v = input ? input.value.trim() : '';
      if (v) q.set(k, v);
    }
    location.hash = '#/disputes?' + q;
  });
  const q = new URLSearchParams({ limit: 500 });
  // registration day range (hub time zone, both days inclusive) and party name are filtered by the API
  for (const k of ['ref', 'region', 'status', 'from', 'to', 'party']) if (p[k]) q.set(k, p[k]);
  const list = (await api('/api/admin/disputes?' + q)).body;
  el.replaceChildren(h('h1', {}, t('disputes.title')), form,
    h('p', { class: 'muted', id: 'dispute-count' }, t('disputes.count', list.length)),
    h('table', { id: 'disputes-table' },
      h('thead', {}, h('tr', {}, ['disputes.id', 'disputes.status', 'disputes.category', 'disputes.region',
        'disputes.source', 'disputes.refs', 'disputes.created'].map(k => h('th', {}, t(k))))),
      h('tbody', {}, list.map(d => h('tr', { dataset: { disputeId: d.disputeId } },
        h('td', {}, h('a', { class: 'dispute-link', href: '#/disputes/' + encodeURIComponent(d.disputeId) }, d.disputeId)),
        h('td', {}, label('status', d.status), d.outcome ? ` (${label('outcome', d.outcome)})` : ''),
        h('td', {}, label('category', d.category)),
        h('td', {}, d.regionCode),
        h('td', {}, agencyName(d.source.agency)),
        h('td', {}, d.references.map(r => `${agencyName(r.agency)} ${r.ref}`).join('；')),
        h('td', {}, fmtTime(d.createdAt)))))));
}

async function disputeDetail(el, id) {
  const list = (await api('/api/admin/disputes?limit=1&ref=' + encodeURIComponent(id))).body;
  const d = list.find(x => x.disputeId === id) || list[0];
  if (!d) {
    el.replaceChildren(h('p', { class: 'error' }, t('disputes.notFound')));
    return;
  }
  el.replaceChildren(
    h('p', {}, h('a', { href: '#/disputes' }, '← ' + t('common.back'))),
    h('h1', {}, d.disputeId, ' ', h('span', { class: 'badge' }, label('status', d.status)),
      d.outcome ? [' ', h('span', { class: 'badge' }, label('outcome', d.outcome))] : null),
    ...(can.operate() ? [] : [h('p', { class: 'muted' }, t('disputes.masked'))]),
    h('div', { class: 'row' },
      h('div', { class: 'card' },
        h('dl', { class: 'facts' },
          h('dt', {}, t('disputes.category')), h('dd', {}, label('category', d.category)),
          h('dt', {}, t('disputes.region')), h('dd', {}, d.regionCode),
          h('dt', {}, t('disputes.source')), h('dd', {}, `${agencyName(d.source.agency)} · ${d.source.ref}`),
          h('dt', {}, t('disputes.created')), h('dd', {}, fmtTime(d.createdAt)),
          h('dt', {}, t('disputes.refs')), h('dd', { id: 'dispute-refs' },
            d.references.map(r => h('div', {}, `${agencyName(r.agency)} ${r.type}: ${r.ref}`)))),
        d.assignments.length ? [h('h2', { style: 'margin-top:12px' }, t('disputes.assignments')),
          h('ul', {}, d.assignments.map(a => h('li', {}, `${agencyName(a.agency)} · ${a.targetName} · ${a.status}`,
            a.caseNo ? ` · ${a.caseNo}` : '', ` · ${a.dueDate}`)))] : null,
        h('details', {}, h('summary', {}, t('common.payload')), h('pre', {}, JSON.stringify(d.dispute, null, 2)))),
      h('div', { class: 'card', id: 'dispute-detail' },
        h('h2', {}, t('disputes.timeline')),
        h('ol', { class: 'timeline', id: 'dispute-timeline' }, d.timeline.map(e => h('li', { class: 'timeline-entry ' + e.direction,
          dataset: { agency: e.agency, direction: e.direction, type: e.type } },
          h('div', {}, h('span', { class: 'dir ' + e.direction }, t('dir.' + e.direction)), ' · ',
            h('strong', {}, agencyName(e.agency)), ' · ', e.type, ' · ', h('span', { class: 'muted' }, fmtTime(e.occurredAt))),
          h('div', {}, e.summary),
          e.payload ? h('details', {}, h('summary', {}, t('common.payload')),
            h('pre', {}, typeof e.payload === 'string' ? e.payload : JSON.stringify(e.payload, null, 2))) : null))))));
}

// ------------------------------------------------------------------------------------------------ quarantine

async function quarantine(el, rest) {
  const id = (rest[0] || '').split('?')[0];
  if (id) return quarantineDetail(el, id);
  const all = params().all === '1';
  const list = (await api('/api/admin/quarantine?limit=500' + (all ? '' : '&status=OPEN'))).body;
  el.replaceChildren(h('h1', {}, t('quarantine.title'), ' ', h('small', { class: 'muted' }, `(${list.length})`)),
    h('p', {}, h('label', {}, h('input', { type: 'checkbox', id: 'quarantine-show-all', checked: all,
      onchange: ev => { location.hash = '#/quarantine' + (ev.target.checked ? '?all=1' : ''); } }), ' ', t('quarantine.showAll'))),
    h('table', { id: 'quarantine-table' },
      h('thead', {}, h('tr', {}, ['quarantine.id', 'common.agency', 'quarantine.source', 'quarantine.reason',
        'quarantine.reasons', 'quarantine.key', 'quarantine.at', 'quarantine.status'].map(k => h('th', {}, t(k))))),
      h('tbody', {}, list.map(q => h('tr', { dataset: { quarantineId: q.id, status: q.status } },
        h('td', {}, h('a', { class: 'quarantine-link', href: '#/quarantine/' + q.id }, '#' + q.id)),
        h('td', {}, agencyName(q.agency)),
        h('td', {}, q.source, q.partition !== undefined ? ` [${q.partition}@${q.offset}]` : ''),
        h('td', {}, h('strong', {}, q.primaryReason)),
        h('td', {}, (Array.isArray(q.reasons) ? q.reasons : []).map(r => `${r.code} ${r.pointer || ''}`).join('；')),
        h('td', {}, q.key || ''),
        h('td', {}, fmtTime(q.quarantinedAt)),
        h('td', {}, t('qstatus.' + q.status)))))));
}

async function quarantineDetail(el, id) {
  const q = (await api('/api/admin/quarantine/' + encodeURIComponent(id))).body;
  const result = h('div', { id: 'quarantine-result', role: 'status' });
  const payload = h('textarea', { id: 'quarantine-payload', spellcheck: 'false', readonly: !can.operate() || q.status !== 'OPEN' });
  payload.value = q.payload ?? '';
  const reasons = Array.isArray(q.reasons) ? q.reasons : [];
  const replay = async () => {
    result.replaceChildren();
    try {
      const r = await api(`/api/admin/quarantine/${q.id}/replay`, { method: 'POST', body: { payload: payload.value }, allow: [422] });
      if (r.body.accepted) {
        result.replaceChildren(h('p', { class: 'result-ok' }, t('quarantine.replayed', r.body.outcome)),
          ...(r.body.disputeId ? [h('p', {}, h('a', { id: 'quarantine-dispute-link', href: '#/disputes/' + r.body.disputeId },
            t('quarantine.openDispute', r.body.disputeId)))] : []));
        el.querySelectorAll('#quarantine-replay, #quarantine-discard').forEach(b => { b.disabled = true; });
      } else {
        result.replaceChildren(h('p', { class: 'result-bad' }, t('quarantine.stillInvalid', r.body.reasons.join('；'))));
      }
    } catch (e) {
      result.replaceChildren(h('p', { class: 'result-bad' }, e.status === 403 ? t('common.forbidden') : e.message));
    }
  };
  const reasonInput = h('input', { id: 'quarantine-discard-reason', size: 50 });
  const discard = async () => {
    try {
      await api(`/api/admin/quarantine/${q.id}/discard`, { method: 'POST', body: { reason: reasonInput.value } });
      result.replaceChildren(h('p', { class: 'result-ok' }, t('quarantine.discarded')));
      el.querySelectorAll('#quarantine-replay, #quarantine-discard').forEach(b => { b.disabled = true; });
    } catch (e) {
      result.replaceChildren(h('p', { class: 'result-bad' }, e.status === 403 ? t('common.forbidden') : e.message));
    }
  };
  const open = q.status === 'OPEN';
  el.replaceChildren(
    h('p', {}, h('a', { href: '#/quarantine' }, '← ' + t('common.back'))),
    h('h1', {}, `${t('quarantine.title')} #${q.id} `, h('span', { class: 'badge' }, t('qstatus.' + q.status))),
    h('div', { class: 'row', id: 'quarantine-detail' },
      h('div', { class: 'card' },
        h('dl', { class: 'facts' },
          h('dt', {}, t('common.agency')), h('dd', {}, agencyName(q.agency)),
          h('dt', {}, t('quarantine.source')), h('dd', {}, q.source, q.partition !== undefined ? ` [${q.partition}@${q.offset}]` : ''),
          h('dt', {}, t('quarantine.at')), h('dd', {}, fmtTime(q.quarantinedAt)),
          h('dt', {}, t('quarantine.key')), h('dd', {}, q.key || '—')),
        h('h2', { style: 'margin-top:12px' }, t('quarantine.reasons')),
        h('ul', { id: 'quarantine-reasons' }, reasons.map(r => h('li', {}, h('strong', {}, r.code), ' ', r.pointer || '', ' — ', r.detail || ''))),
        h('h2', {}, t('quarantine.headers')), h('pre', {}, q.headers || '')),
      h('div', { class: 'card' },
        h('h2', {}, t('quarantine.payload')),
        q.masked ? h('p', { class: 'muted' }, t('quarantine.masked')) : null,
        payload,
        can.operate() && open ? h('div', { class: 'filters', style: 'margin-top:10px' },
          q.replayable ? h('button', { id: 'quarantine-replay', onclick: replay }, t('quarantine.replay'))
            : h('span', { class: 'muted' }, t('quarantine.notReplayable')),
          h('label', {}, t('quarantine.discardReason'), reasonInput),
          h('button', { id: 'quarantine-discard', class: 'danger', onclick: discard }, t('quarantine.discard'))) : null,
        result)));
}

// ------------------------------------------------------------------------------------------------ deadlines

async function deadlines(el) {
  const list = (await api('/api/admin/deadlines?limit=500')).body;
  el.replaceChildren(h('h1', {}, t('deadlines.title'), ' ', h('small', { class: 'muted' }, `(${list.length})`)),
    h('table', { id: 'deadlines-table' },
      h('thead', {}, h('tr', {}, ['deadlines.state', 'deadlines.kind', 'common.agency', 'deadlines.ref', 'deadlines.dispute',
        'deadlines.due', 'deadlines.left'].map(k => h('th', {}, t(k))))),
      h('tbody', {}, list.map(d => h('tr', { class: d.state === 'OVERDUE' ? 'overdue' : d.state === 'DUE_TODAY' ? 'due-today' : '',
        dataset: { state: d.state, kind: d.kind } },
        h('td', {}, t('dstate.' + d.state)),
        h('td', {}, t('kind.' + d.kind)),
        h('td', {}, agencyName(d.agency)),
        h('td', {}, d.ref),
        h('td', {}, d.disputeId ? h('a', { href: '#/disputes/' + d.disputeId }, d.disputeId) : '—'),
        h('td', {}, fmtTime(d.dueAt)),
        h('td', {}, d.minutesLeft < 0 ? t('overdueBy', fmtDuration(d.minutesLeft)) : fmtDuration(d.minutesLeft)))))));
}

// ------------------------------------------------------------------------------------------------ alerts

function earlyWarningCard(w) {
  const evidence = Array.isArray(w.evidence) ? w.evidence : [];
  return h('section', { class: 'ew-card', dataset: { alertId: w.alertId, rule: w.rule } },
    h('h3', {}, h('span', { class: 'badge CRITICAL' }, t('ew.' + w.status, w.status)), ' ', w.title),
    h('dl', { class: 'facts' },
      h('dt', {}, t('ew.rule')), h('dd', {}, t('ew.rule.' + w.rule)),
      w.employerName || w.employerCode ? [h('dt', {}, t('ew.employer')),
        h('dd', {}, [w.employerName, w.employerCode].filter(Boolean).join(' · '))] : '',
      w.township ? [h('dt', {}, t('ew.township')), h('dd', {}, w.township)] : '',
      h('dt', {}, t('ew.workers')), h('dd', { class: 'ew-workers' }, String(w.workers)),
      h('dt', {}, t('ew.disputes')), h('dd', {}, String(w.disputes)),
      h('dt', {}, t('ew.sources')), h('dd', { class: 'ew-sources' }, (w.sources || []).map(agencyName).join('、')),
      h('dt', {}, t('ew.raised')), h('dd', {}, fmtTime(w.raisedAt), ' · ', t('ew.updated'), ' ', fmtTime(w.updatedAt)),
      h('dt', {}, t('ew.webhook')), h('dd', {}, w.webhook || '—')),
    h('table', { class: 'ew-evidence' },
      h('thead', {}, h('tr', {}, ['deadlines.dispute', 'common.agency', 'ew.category', 'ew.region', 'ew.reported',
        'ew.headCount', 'ew.refs'].map(k => h('th', {}, t(k))))),
      h('tbody', {}, evidence.map(e => h('tr', {},
        h('td', {}, h('a', { href: '#/disputes/' + e.disputeId }, e.disputeId)),
        h('td', {}, agencyName(e.sourceAgency)),
        h('td', {}, label('category', e.category)),
        h('td', {}, e.regionCode || '—'),
        h('td', {}, fmtTime(e.reportedAt)),
        h('td', { class: 'num' }, String(e.headCount ?? '')),
        h('td', {}, (e.refs || []).map(r => `${agencyName(r.agency)} ${r.ref}`).join('；')))))));
}

async function alerts(el) {
  const list = (await api('/api/admin/alerts?limit=500')).body;
  const warnings = list.filter(a => a.kind === 'early-warning');
  const operational = list.filter(a => a.kind !== 'early-warning');
  el.replaceChildren(
    h('h1', {}, t('ew.title'), ' ', h('small', { class: 'muted' }, `(${warnings.length})`)),
    warnings.length ? h('div', { id: 'early-warnings' }, warnings.map(earlyWarningCard))
      : h('p', { class: 'muted', id: 'early-warnings' }, t('ew.none')),
    h('h1', {}, t('alerts.title'), ' ', h('small', { class: 'muted' }, `(${operational.length})`)),
    h('table', { id: 'alerts-table' },
      h('thead', {}, h('tr', {}, ['common.time', 'alerts.severity', 'alerts.code', 'common.agency', 'deadlines.dispute',
        'alerts.message'].map(k => h('th', {}, t(k))))),
      h('tbody', {}, operational.map(a => h('tr', { dataset: { alertId: a.id } },
        h('td', {}, fmtTime(a.at)),
        h('td', {}, h('span', { class: 'badge ' + a.severity }, a.severity)),
        h('td', {}, a.code),
        h('td', {}, agencyName(a.agency)),
        h('td', {}, a.disputeId ? h('a', { href: '#/disputes/' + a.disputeId }, a.disputeId) : '—'),
        h('td', {}, a.message))))));
}

// ------------------------------------------------------------------------------------------------ indicators

const period = { from: null, to: null };

function isoDay(d) {
  return d.toISOString().slice(0, 10);
}

function fmtValue(v) {
  if (v.value === null || v.value === undefined) return 'n/a';
  const n = Number(v.value);
  return (Math.round(n * 100) / 100).toString() + (v.unit ? ' ' + v.unit : '');
}

/** One horizontal bar per region for one indicator (plain SVG); n/a regions get no bar. */
function indicatorChart(key, name, rows) {
  const values = rows.map(r => {
    const v = r.indicators.find(i => i.key === key);
    return { region: r.regionName, value: v && v.value !== null ? Number(v.value) : null };
  });
  const max = Math.max(0, ...values.map(v => v.value ?? 0)) || 1;
  const W = 360, rowH = 16, pad = 96;
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${values.length * rowH + 4}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', name);
  svg.dataset.indicator = key;
  values.forEach((v, i) => {
    const y = i * rowH + 2;
    const label = document.createElementNS(svg.namespaceURI, 'text');
    label.setAttribute('x', 0); label.setAttribute('y', y + 11); label.setAttribute('font-size', 10);
    label.textContent = v.region;
    svg.append(label);
    if (v.value === null) return;
    const r = document.createElementNS(svg.namespaceURI, 'rect');
    r.setAttribute('x', pad); r.setAttribute('y', y); r.setAttribute('height', rowH - 4);
    r.setAttribute('width', Math.max(1, (W - pad - 40) * v.value / max));
    r.setAttribute('fill', '#1f5fbf');
    const tip = document.createElementNS(svg.namespaceURI, 'title');
    tip.textContent = `${v.region} ${Math.round(v.value * 100) / 100}`;
    r.append(tip);
    svg.append(r);
    const num = document.createElementNS(svg.namespaceURI, 'text');
    num.setAttribute('x', pad + Math.max(1, (W - pad - 40) * v.value / max) + 3); num.setAttribute('y', y + 11);
    num.setAttribute('font-size', 10);
    num.textContent = String(Math.round(v.value * 100) / 100);
    svg.append(num);
  });
  return h('figure', { class: 'indicator-chart' }, h('figcaption', {}, name), svg);
}

async function downloadCsv(from, to) {
  const res = await fetch(`/api/admin/indicators?from=${from}&to=${to}&format=csv`,
    { headers: { 'X-Requested-With': 'XMLHttpRequest', Authorization: authorization() } });
  if (!res.ok) throw new ApiError(res.status, null);
  const url = URL.createObjectURL(await res.blob());
  const a = h('a', { href: url, download: `indicators-${from}-${to}.csv` });
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}

async function indicators(el) {
  const today = new Date();
  period.from = period.from || `${today.getFullYear()}-01-01`;
  period.to = period.to || isoDay(today);
  const r = await api(`/api/admin/indicators?from=${period.from}&to=${period.to}`);
  const report = r.body;
  const rows = report.rows || [];
  const defs = rows.length ? rows[0].indicators : [];
  const fromInput = h('input', { type: 'date', id: 'indicators-from', value: period.from });
  const toInput = h('input', { type: 'date', id: 'indicators-to', value: period.to });
  const form = h('form', { class: 'toolbar', id: 'indicators-form', onsubmit: (e) => {
    e.preventDefault();
    period.from = fromInput.value;
    period.to = toInput.value;
    indicators(el).catch(err => showError(el, err));
  } }, t('indicators.from'), ' ', fromInput, ' ', t('indicators.to'), ' ', toInput, ' ',
    h('button', { type: 'submit' }, t('indicators.query')), ' ',
    h('button', { type: 'button', id: 'indicators-csv',
      onclick: () => downloadCsv(period.from, period.to).catch(err => showError(el, err)) }, t('indicators.csv')));
  const table = h('table', { id: 'indicators-table' },
    h('thead', {}, h('tr', {}, h('th', {}, t('indicators.region')), h('th', {}, t('indicators.population')),
      defs.map(d => h('th', { title: d.formula }, d.name)))),
    h('tbody', {}, rows.map(row => h('tr', { dataset: { region: row.regionCode }, class: row.partOf ? 'part-of' : '' },
      h('td', {}, row.regionName, row.partOf ? h('small', { class: 'muted' }, ' ' + t('indicators.partOf',
        (rows.find(o => o.regionCode === row.partOf) || {}).regionName || row.partOf)) : ''),
      h('td', { class: 'num' }, row.population ? row.population.toLocaleString() : '—'),
      row.indicators.map(v => h('td', { class: 'num', dataset: { indicator: v.key },
        title: `${v.numeratorLabel ?? ''} ${v.numerator ?? ''} ÷ ${v.denominatorLabel ?? ''} ${v.denominator ?? ''}${v.note ? ' — ' + v.note : ''}` },
        fmtValue(v)))))));
  const formulas = h('dl', { class: 'facts', id: 'indicators-formulas' },
    defs.flatMap(d => [h('dt', {}, d.name), h('dd', {}, d.formula)]));
  const regional = rows.filter(row => row.regionCode !== '150500');
  el.replaceChildren(h('h1', {}, t('indicators.title')), form,
    h('p', { class: 'muted' }, t('indicators.period', report.from, report.to)),
    table,
    h('h2', {}, t('indicators.formulas')), formulas,
    h('h2', {}, t('indicators.charts')),
    h('div', { class: 'indicator-charts' }, defs.map(d => indicatorChart(d.key, d.name, regional))),
    (report.notes || []).length ? h('ul', { class: 'muted', id: 'indicators-notes' }, report.notes.map(n => h('li', {}, n))) : '');
}

// ------------------------------------------------------------------------------------------------ configuration

/** A document's label: the rule files by name, mappings and routes by kind and file. */
function docLabel(d) {
  if (d.kind === 'MAPPING') return `${t('config.kind.MAPPING')} ${d.doc.slice('mapping.'.length).replace('.', '/')}`;
  if (d.kind === 'ROUTE') return `${t('config.kind.ROUTE')} ${d.doc.slice('route.'.length)}.yaml`;
  return t('config.doc.' + d.doc);
}

function docKind(doc) {
  return doc.startsWith('mapping.') ? 'MAPPING' : doc.startsWith('route.') ? 'ROUTE' : 'RULES';
}

async function config(el, [doc]) {
  if (doc) return configDoc(el, doc);
  const docs = (await api('/api/admin/config')).body;
  el.replaceChildren(
    h('h1', {}, t('config.title')),
    h('table', { id: 'config-docs' },
      h('thead', {}, h('tr', {}, [t('config.doc'), t('config.location'), t('config.activeVersion'), t('config.author'),
        t('config.since'), t('config.lastReload'), ''].map(x => h('th', {}, x)))),
      h('tbody', {}, docs.map(d => h('tr', { dataset: { doc: d.doc, kind: d.kind, version: d.activeVersion ?? '' } },
        h('td', {}, docLabel(d), h('br'), h('small', { class: 'muted' }, d.doc)),
        h('td', {}, h('code', {}, d.location), d.writable ? null : h('div', { class: 'muted' }, t('config.readOnly'))),
        h('td', { class: 'num' }, d.activeVersion,
          d.fileDiffers ? h('div', { class: 'result-bad' }, t('config.fileDiffers')) : null),
        h('td', {}, d.author), h('td', {}, fmtTime(d.activeSince)),
        h('td', {}, d.lastReload ? `${fmtTime(d.lastReload.at)} ${d.lastReload.ok ? t('config.ok') : t('config.failed') + ': ' + d.lastReload.message}` : '—'),
        h('td', {}, h('a', { href: '#/config/' + d.doc, class: 'config-link' }, t('config.open'))))))));
}

async function configDoc(el, doc) {
  const [active, versions] = await Promise.all([api('/api/admin/config/' + doc), api('/api/admin/config/' + doc + '/versions')]);
  const admin = can.admin();
  const kind = docKind(doc);
  // the edit lock: the version this page shows is the base of a save; a save based on an older one gets 409
  const base = active.body.version;
  const editor = h('textarea', { id: 'config-editor', rows: 28, spellcheck: 'false', readonly: !admin, class: 'code' });
  editor.value = active.body.content;
  const comment = h('input', { id: 'config-comment', size: 60, placeholder: t('config.comment') });
  const result = h('div', { id: 'config-result', role: 'status' });
  const reasons = (prefix, list) => h('div', { class: 'result-bad' }, prefix,
    h('ul', { id: 'config-reasons' }, list.map(r => h('li', {}, r))));
  const failed = e => result.replaceChildren(h('p', { class: 'result-bad' }, e.status === 403 ? t('common.forbidden') : e.message));
  const conflict = c => result.replaceChildren(h('div', { class: 'result-bad', id: 'config-conflict', dataset: { active: c.activeVersion } },
    h('p', {}, t('config.conflict', c.baseVersion, c.activatedBy, fmtTime(c.activatedAt), c.activeVersion)),
    h('button', { type: 'button', id: 'config-reload', onclick: () => configDoc(el, doc) }, t('config.reload'))));
  const validate = async () => {
    try {
      const r = (await api(`/api/admin/config/${doc}/validate`, { method: 'POST', body: editor.value, raw: true })).body;
      result.replaceChildren(r.valid ? h('p', { class: 'result-ok' }, t('config.valid')) : reasons(t('config.invalid'), r.reasons));
    } catch (e) { failed(e); }
  };
  const save = async () => {
    try {
      const q = `?baseVersion=${base}` + (comment.value.trim() ? '&comment=' + encodeURIComponent(comment.value.trim()) : '');
      const r = await api(`/api/admin/config/${doc}${q}`, { method: 'PUT', body: editor.value, raw: true, allow: [409, 422] });
      if (r.status === 409 && r.body.conflict) {
        conflict(r.body.conflict);
      } else if (r.status === 409 || r.status === 422) {
        result.replaceChildren(reasons(t('config.refused', r.body.activeVersion ?? base), r.body.reasons || [r.body.message]));
      } else {
        await configDoc(el, doc);
        document.getElementById('config-result').replaceChildren(h('p', { class: 'result-ok' }, t('config.saved', r.body.activeVersion)));
      }
    } catch (e) { failed(e); }
  };
  const restore = async n => {
    if (!confirm(t('config.confirmRestore', docLabel({ doc, kind }), n))) return;
    try {
      const r = await api(`/api/admin/config/${doc}/versions/${n}/restore?baseVersion=${base}`, { method: 'POST', allow: [409, 422] });
      if (r.status === 409 && r.body.conflict) {
        conflict(r.body.conflict);
      } else if (r.status === 409 || r.status === 422) {
        result.replaceChildren(reasons(t('config.refused', r.body.activeVersion ?? base), r.body.reasons || [r.body.message]));
      } else {
        await configDoc(el, doc);
        document.getElementById('config-result').replaceChildren(h('p', { class: 'result-ok' }, t('config.restored', r.body.activeVersion)));
      }
    } catch (e) { failed(e); }
  };
  el.replaceChildren(
    h('h1', {}, docLabel({ doc, kind }), ' ', h('small', { class: 'muted' }, h('a', { href: '#/config' }, t('common.back')))),
    kind === 'MAPPING' ? h('p', { class: 'muted' }, t('config.mappingHint')) : kind === 'ROUTE' ? h('p', { class: 'muted' }, t('config.routeHint')) : null,
    h('p', { id: 'config-active', dataset: { version: active.body.version } },
      `${t('config.activeVersion')}: ${active.body.version} · ${t('config.author')}: ${active.body.author} · ${fmtTime(active.body.createdAt)}`,
      active.body.comment ? ` · ${active.body.comment}` : ''),
    h('label', {}, h('div', {}, t('config.editor')), editor),
    admin
      ? h('div', { class: 'actions' }, comment, ' ',
          h('button', { type: 'button', id: 'config-validate', onclick: validate }, t('config.validate')), ' ',
          h('button', { type: 'button', id: 'config-save', onclick: save }, t('config.save')))
      : h('p', { class: 'muted' }, t('config.adminOnly')),
    result,
    h('h2', {}, t('config.versions')),
    h('table', { id: 'config-versions' },
      h('thead', {}, h('tr', {}, [t('config.version'), t('config.author'), t('config.since'), t('config.comment'), 'SHA-256', '']
        .map(x => h('th', {}, x)))),
      h('tbody', {}, versions.body.map(v => h('tr', { dataset: { version: v.version, active: v.active } },
        h('td', { class: 'num' }, v.version), h('td', {}, v.author), h('td', {}, fmtTime(v.createdAt)),
        h('td', {}, v.comment || ''), h('td', {}, h('code', {}, v.sha256.slice(0, 12))),
        h('td', {}, v.active ? h('span', { class: 'badge UP' }, t('config.active'))
          : admin ? h('button', { type: 'button', class: 'config-restore', onclick: () => restore(v.version) }, t('config.restore')) : ''))))));
}

// ------------------------------------------------------------------------------------------------ audit

async function audit(el) {
  const field = (id, attrs = {}) => h('input', { id, ...attrs });
  const actor = field('audit-actor', { size: 12 });
  const action = field('audit-action', { size: 18, placeholder: 'CONFIG_UPDATE' });
  const outcome = h('select', { id: 'audit-outcome' }, h('option', { value: '' }, t('audit.any')),
    ['OK', 'REFUSED', 'DENIED', 'UNAUTHENTICATED'].map(o => h('option', { value: o }, t('aoutcome.' + o))));
  const from = field('audit-from', { type: 'datetime-local' });
  const to = field('audit-to', { type: 'datetime-local' });
  const out = h('div', { id: 'audit-result' });
  // the console's times are Beijing time; the API takes ISO offsets
  const iso = v => v ? (v.length === 16 ? v + ':00' : v) + '+08:00' : '';
  const search = async ev => {
    if (ev) ev.preventDefault();
    const q = new URLSearchParams();
    [['actor', actor.value.trim()], ['action', action.value.trim()], ['outcome', outcome.value],
      ['from', iso(from.value)], ['to', iso(to.value)]].forEach(([k, v]) => { if (v) q.set(k, v); });
    try {
      const rows = (await api('/api/admin/audit?' + q)).body;
      out.replaceChildren(h('p', { class: 'muted' }, t('audit.count', rows.length)),
        h('table', { id: 'audit-table' },
          h('thead', {}, h('tr', {}, [t('audit.at'), t('audit.actor'), t('audit.action'), t('audit.target'), t('audit.outcome'),
            t('audit.remote'), t('audit.detail')].map(x => h('th', {}, x)))),
          h('tbody', {}, rows.map(r => h('tr', { dataset: { action: r.action, outcome: r.outcome, actor: r.actor || '' } },
            h('td', {}, fmtTime(r.at)), h('td', {}, r.actor), h('td', {}, r.action), h('td', {}, r.target),
            h('td', { class: r.outcome === 'OK' ? 'result-ok' : 'result-bad' }, t('aoutcome.' + r.outcome)),
            h('td', {}, r.remoteAddr || ''), h('td', { class: 'detail' }, r.detail || ''))))));
    } catch (e) { showError(out, e); }
  };
  el.replaceChildren(h('h1', {}, t('audit.title')),
    h('form', { id: 'audit-filter', class: 'filters', onsubmit: search },
      h('label', {}, t('audit.actor'), ' ', actor), ' ', h('label', {}, t('audit.action'), ' ', action), ' ',
      h('label', {}, t('audit.outcome'), ' ', outcome), ' ', h('label', {}, t('audit.from'), ' ', from), ' ',
      h('label', {}, t('audit.to'), ' ', to), ' ', h('button', { type: 'submit', id: 'audit-search' }, t('common.search'))),
    out);
  await search();
}

export const PAGES = { overview, routes, disputes, quarantine, deadlines, alerts, indicators, config, audit };
