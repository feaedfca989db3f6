// The models table: one row per model, kept current by state events, with start/stop/logs/chat actions.

import { modelPath, request } from './api.js';
import { attr, clearProblem, el, parseTime, relativeTime, showProblem } from './dom.js';
import { SpeedChart } from './speed.js';

const STARTABLE = new Set(['Stopped', 'Crashed']);
const COLUMNS = 8;

/**
 * Whether state `next` (a ModelView or state event) may replace `current`: the older of two must not win, because
 * the /v1/models answer, a start/stop answer and the events stream race each other.
 */
function isNewer(next, current) {
  const a = parseTime(next.since);
  const b = parseTime(current.since);
  return Number.isNaN(a) || Number.isNaN(b) || a >= b;
}

function applyState(view, state) {
  view.status = state.status;
  view.reason = state.reason ?? null;
  view.decision = state.decision ?? null;
  view.queuePosition = state.queuePosition ?? null;
  view.port = state.port ?? null;
  view.pid = state.pid ?? null;
  view.since = state.since;
}

/** Dispatches `change` whenever a model's status (or the list) changes. */
export class ModelTable extends EventTarget {
  #body;
  #handlers;
  #rows = new Map(); // id → { view, row, cells, buttons, error, busy: null | 'start' | 'stop' }

  /** handlers: { onLogs(id), onChat(id) } */
  constructor(body, handlers) {
    super();
    this.#body = body;
    this.#handlers = handlers;
    body.addEventListener('click', (event) => this.#onClick(event));
  }

  /** The models in the silo's order. */
  get models() {
    return [...this.#rows.values()].map((entry) => entry.view);
  }

  /** Renders the /v1/models answer, keeping rows (and their in-flight actions) of models already shown. */
  setAll(views) {
    const rows = new Map();
    for (const view of views) {
      let entry = this.#rows.get(view.id);
      if (entry) {
        const state = isNewer(view, entry.view) ? view : entry.view;
        entry.view = { ...view };
        applyState(entry.view, state);
      } else {
        entry = this.#create(view);
      }
      entry.speed.add(view.lastAnswer);
      rows.set(view.id, entry);
      this.#render(entry);
    }
    this.#rows = rows;
    const trs = [...rows.values()].map((entry) => entry.row);
    this.#body.replaceChildren(...(trs.length ? trs : [this.#placeholder('No models are configured.')]));
    this.#changed();
  }

  /** Applies one state event ({id, status, reason, decision, queuePosition, port, pid, since, answer}). */
  apply(change) {
    const entry = this.#rows.get(change.id);
    if (!entry) return;
    entry.speed.add(change.answer); // an answer that ended: one more point on the model's speed chart
    if (!isNewer(change, entry.view)) return;
    applyState(entry.view, change);
    this.#render(entry);
    this.#changed();
  }

  /** Refreshes the relative "since" texts. */
  tick() {
    const now = Date.now();
    for (const entry of this.#rows.values()) this.#renderSince(entry, now);
  }

  #placeholder(text) {
    return el('tr', { class: 'placeholder' }, el('td', { colspan: COLUMNS }, text));
  }

  #create(view) {
    const id = view.id;
    const button = (action, text) =>
      el('button', { type: 'button', class: `btn btn-${action}`, 'data-action': action, 'aria-label': `${text} ${id}` }, text);
    const buttons = {
      start: button('start', 'Start'),
      stop: button('stop', 'Stop'),
      logs: button('logs', 'Logs'),
      chat: button('chat', 'Chat'),
    };
    const cells = {
      name: el('th', { scope: 'row', 'data-field': 'name' }, el('span', { class: 'model-id' }, id), el('span', { class: 'model-meta' })),
      status: el('td', { 'data-field': 'status' }),
      port: el('td', { 'data-field': 'port', class: 'num' }),
      pid: el('td', { 'data-field': 'pid', class: 'num' }),
      since: el('td', { 'data-field': 'since' }, el('time')),
      speed: el('td', { 'data-field': 'speed', class: 'speed' }),
      reason: el('td', { 'data-field': 'reason' }, el('div', { class: 'reason' })),
    };
    const error = el('div', { 'data-field': 'error', class: 'row-error', role: 'alert', hidden: true });
    const actions = el('td', { class: 'actions' }, el('div', { class: 'buttons' }, ...Object.values(buttons)), error);
    const row = el('tr', { 'data-model-id': id }, ...Object.values(cells), actions);
    return { view: { ...view }, row, cells, buttons, error, busy: null, speed: new SpeedChart(cells.speed) };
  }

  #render(entry) {
    const { view, cells, buttons, busy, row } = entry;
    const memory = view.memoryMb == null ? null : `${String(view.memorySource ?? '').startsWith('declared') ? '' : '~'}${view.memoryMb} MB`;
    const meta = [[view.name, view.version].filter(Boolean).join(' '), view.provider, memory].filter(Boolean).join(' · ');
    cells.name.querySelector('.model-meta').textContent = meta;

    // The cell's text is exactly the status name; the coloured dot (and its pulse) come from CSS.
    cells.status.textContent = view.status;
    cells.status.className = `status status-${String(view.status).toLowerCase()}`;
    row.dataset.status = view.status;
    cells.port.textContent = view.port ?? '';
    cells.pid.textContent = view.pid ?? '';
    // Why it is where it is: the policy that decided (evicted, queued, ...) before its reason; a queued start's place.
    const place = view.status === 'Queued' && view.queuePosition != null ? `#${view.queuePosition} in the start queue` : null;
    const why = view.decision && view.reason ? `${view.decision}: ${view.reason}` : view.reason;
    cells.reason.firstChild.textContent = [place, why].filter(Boolean).join(' · ');
    this.#renderSince(entry, Date.now());

    const { start, stop } = buttons;
    start.disabled = busy !== null || !STARTABLE.has(view.status);
    stop.disabled = busy === 'stop' || view.status === 'Stopped';
    this.#renderBusy(start, busy === 'start', 'Start', 'Starting', view.id);
    this.#renderBusy(stop, busy === 'stop', 'Stop', 'Stopping', view.id);
  }

  #renderBusy(button, busy, idle, working, id) {
    const text = busy ? `${working}…` : idle;
    if (button.textContent !== text) button.textContent = text;
    attr(button, 'aria-busy', busy ? 'true' : null);
    button.setAttribute('aria-label', `${busy ? working : idle} ${id}`);
  }

  #renderSince(entry, now) {
    const cell = entry.cells.since;
    const time = cell.firstChild;
    const ms = parseTime(entry.view.since);
    if (Number.isNaN(ms)) {
      time.textContent = '';
      cell.removeAttribute('title');
      return;
    }
    time.textContent = relativeTime(ms, now);
    time.dateTime = entry.view.since;
    const full = new Date(ms).toLocaleString();
    if (cell.title !== full) cell.title = full;
  }

  #onClick(event) {
    const button = event.target.closest('button[data-action]');
    const id = button?.closest('tr[data-model-id]')?.dataset.modelId;
    const entry = id === undefined ? undefined : this.#rows.get(id);
    if (!entry || button.disabled) return;
    const action = button.dataset.action;
    if (action === 'start' || action === 'stop') void this.#act(entry, action);
    else if (action === 'logs') this.#handlers.onLogs(id);
    else if (action === 'chat') this.#handlers.onChat(id);
  }

  /** POST start/stop; the answer comes once the model is Running/Stopped (events update the row meanwhile). */
  async #act(entry, action) {
    if (entry.busy) return;
    entry.busy = action;
    clearProblem(entry.error);
    this.#render(entry);
    try {
      const view = await (await request(modelPath(entry.view.id, `/${action}`), { method: 'POST' })).json();
      if (isNewer(view, entry.view)) applyState(entry.view, view);
    } catch (error) {
      showProblem(entry.error, error);
    } finally {
      entry.busy = null;
      this.#render(entry);
      this.#changed();
    }
  }

  #changed() {
    this.dispatchEvent(new Event('change'));
  }
}
