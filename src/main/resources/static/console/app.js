// Console shell: login (HTTP basic against the admin API, kept in sessionStorage), role-aware navigation, hash router.
import { t, lang, setLang, translateStatic } from './i18n.js';
import { PAGES } from './pages.js';

const session = {
  get auth() { return sessionStorage.getItem('tj.auth'); },
  get user() { return sessionStorage.getItem('tj.user'); },
  get roles() { return JSON.parse(sessionStorage.getItem('tj.roles') || '[]'); },
  save(auth, me) {
    sessionStorage.setItem('tj.auth', auth);
    sessionStorage.setItem('tj.user', me.user);
    sessionStorage.setItem('tj.roles', JSON.stringify(me.roles));
  },
  clear() { ['tj.auth', 'tj.user', 'tj.roles'].forEach(k => sessionStorage.removeItem(k)); },
};

/** The session's Basic credentials, for the few requests api() cannot make (file downloads). */
export function authorization() {
  return session.auth ? 'Basic ' + session.auth : null;
}

export const can = {
  operate: () => session.roles.includes('OPERATOR'),
  admin: () => session.roles.includes('ADMIN'),
  audit: () => session.roles.includes('AUDITOR'),
};

export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

/** Calls the admin API with the session's credentials. X-Requested-With keeps the browser's own login box away. */
// raw: the body is sent as plain text (configuration documents are YAML, not JSON)
export async function api(path, { method = 'GET', body, auth = session.auth, allow = [], probe = false, raw = false } = {}) {
  const headers = { 'X-Requested-With': 'XMLHttpRequest', 'Accept': 'application/json' };
  if (auth) headers.Authorization = 'Basic ' + auth;
  if (body !== undefined) headers['Content-Type'] = raw ? 'text/plain; charset=utf-8' : 'application/json';
  const payload = body === undefined ? undefined : raw ? body : JSON.stringify(body);
  const res = await fetch(path, { method, headers, body: payload });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = { message: text }; }
  if (res.status === 401 && auth === session.auth && !probe) {
    logout();
    throw new ApiError(401, json);
  }
  if (!res.ok && !allow.includes(res.status)) throw new ApiError(res.status, json);
  return { status: res.status, body: json };
}

/** Small DOM builder: h('td', {class: 'num'}, 'text', child). Text is always text, never HTML. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (isNaN(d)) return iso;
  return d.toLocaleString(lang() === 'en' ? 'en-GB' : 'zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' });
}

export function fmtDuration(minutes) {
  const m = Math.abs(minutes);
  if (m < 60) return `${m} ${t('min')}`;
  if (m < 48 * 60) return `${Math.floor(m / 60)} ${t('hour')} ${m % 60} ${t('min')}`;
  return `${Math.floor(m / 1440)} ${t('day')} ${Math.floor((m % 1440) / 60)} ${t('hour')}`;
}

export function agencyName(code) {
  const k = 'agency.' + code;
  const s = t(k);
  return s === k ? code : s;
}

export function showError(container, e) {
  const msg = e instanceof ApiError && e.status === 403 ? t('common.forbidden')
    : `${t('common.error')}: ${e.message}`;
  container.replaceChildren(h('p', { class: 'error', role: 'alert' }, msg));
}

let refreshTimer = null;
/** The current page may ask to be re-rendered periodically (overview); any navigation cancels it. */
export function autoRefresh(fn, ms) {
  clearInterval(refreshTimer);
  refreshTimer = setInterval(fn, ms);
}

function logout() {
  session.clear();
  clearInterval(refreshTimer);
  render();
}

async function login(ev) {
  ev.preventDefault();
  const user = document.getElementById('login-user').value.trim();
  const pass = document.getElementById('login-pass').value;
  const auth = btoa(String.fromCharCode(...new TextEncoder().encode(`${user}:${pass}`)));
  const err = document.getElementById('login-error');
  err.textContent = '';
  try {
    const me = await api('/api/admin/console/me', { auth });
    session.save(auth, me.body);
    document.getElementById('login-pass').value = '';
    // an auditor (no MONITOR) can use only the audit page: land there
    const home = me.body.roles.includes('MONITOR') ? '#/overview' : '#/audit';
    if (!location.hash || location.hash === '#/') location.hash = home;
    render();
  } catch (e) {
    err.textContent = e instanceof ApiError && e.status === 401 ? t('login.failed') : t('login.unreachable');
  }
}

function render() {
  translateStatic();
  document.getElementById('lang-switch').textContent = t('lang.other');
  const loggedIn = !!session.auth;
  document.getElementById('login').hidden = loggedIn;
  document.getElementById('nav').hidden = !loggedIn;
  document.getElementById('page').hidden = !loggedIn;
  document.getElementById('logout').hidden = !loggedIn;
  const who = document.getElementById('whoami');
  who.hidden = !loggedIn;
  if (!loggedIn) {
    clearInterval(refreshTimer);
    document.getElementById('page').replaceChildren();
    return;
  }
  // the highest role names the user (ADMIN includes OPERATOR and MONITOR); AUDITOR stands beside them
  const shown = ['ADMIN', 'OPERATOR', 'MONITOR'].find(r => session.roles.includes(r));
  who.textContent = `${session.user} · ${[shown, session.roles.includes('AUDITOR') ? 'AUDITOR' : null]
    .filter(Boolean).map(r => t('role.' + r)).join(' / ')}`;
  who.dataset.roles = session.roles.join(',');
  // nav entries a role cannot use are not shown (data-role: the role needed; the API refuses the others anyway)
  document.querySelectorAll('#nav a[data-role]').forEach(a => { a.hidden = !session.roles.includes(a.dataset.role); });
  const path = (location.hash || '#/overview').split('?')[0];
  const [, name = 'overview', ...rest] = path.split('/');
  const page = PAGES[name] ? name : 'overview';
  document.querySelectorAll('#nav a').forEach(a => a.classList.toggle('active', a.id === 'nav-' + page));
  clearInterval(refreshTimer);
  const container = document.getElementById('page');
  // each visit renders into its own element: a slow answer (or the overview's refresh) of the page the user has
  // left then writes into a detached element instead of over the page now shown
  const view = h('div', { class: 'view' }, h('p', { class: 'muted' }, t('common.loading')));
  container.dataset.page = page;
  container.replaceChildren(view);
  PAGES[page](view, rest.map(decodeURIComponent)).catch(e => showError(view, e));
}

document.getElementById('login-form').addEventListener('submit', login);
document.getElementById('logout').addEventListener('click', logout);
document.getElementById('lang-switch').addEventListener('click', () => {
  setLang(lang() === 'en' ? 'zh' : 'en');
  render();
});
window.addEventListener('hashchange', render);
render();
