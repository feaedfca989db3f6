// The logs panel: follows one model's log (GET /v1/models/{id}/logs?tail=200&follow=true, an EventSource).

import { modelPath, parseJson, request } from './api.js';
import { atBottom, byId, clearProblem, el, parseTime, showProblem, syncSelect } from './dom.js';

const MAX_LINES = 2000;
const TAIL = 200;
const RETRY_MS = 3000;
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

let ui;
let modelId = '';
let source = null;
let lastSequence = 0; // a reconnect sends the tail again; lines carry their sequence, so none is shown twice
let pending = [];
let frame = 0;
let retry = 0;

export function initLogs() {
  ui = { select: byId('logs-model'), output: byId('logs-output'), status: byId('logs-status'), error: byId('logs-error'), clear: byId('logs-clear') };
  ui.select.addEventListener('change', () => follow(ui.select.value));
  ui.clear.addEventListener('click', () => {
    pending = [];
    ui.output.replaceChildren();
  });
  setStatus('idle', 'no model selected');
}

export function updateLogsModels(models) {
  const fallback = (models.find((m) => m.status === 'Running') ?? models[0])?.id;
  syncSelect(ui.select, models.map((m) => ({ value: m.id, label: m.id })), fallback);
  if (ui.select.value !== modelId) follow(ui.select.value);
}

/** The table's "Logs" button. */
export function selectLogsModel(id) {
  if (ui.select.value !== id) {
    ui.select.value = id;
    follow(ui.select.value);
  }
  ui.output.focus(); // brings the panel into view; arrow keys then scroll the log
}

/** Closes the stream (sign-out). */
export function stopLogs() {
  disconnect();
  modelId = '';
}

function disconnect() {
  source?.close();
  source = null;
  clearTimeout(retry);
  cancelAnimationFrame(frame);
  frame = 0;
  pending = [];
}

function follow(id) {
  disconnect();
  modelId = id;
  lastSequence = 0;
  ui.output.replaceChildren();
  clearProblem(ui.error);
  if (!id) {
    setStatus('idle', 'no model selected');
    return;
  }
  open(id);
}

function open(id) {
  const es = new EventSource(`${modelPath(id, '/logs')}?tail=${TAIL}&follow=true`);
  source = es;
  setStatus('connecting', 'connecting…');
  es.addEventListener('open', () => {
    if (source !== es) return;
    clearProblem(ui.error);
    setStatus('live', 'following');
  });
  es.addEventListener('line', (event) => {
    if (source !== es) return;
    const line = parseJson(event.data);
    if (!line) return;
    if (typeof line.sequence === 'number') {
      if (line.sequence <= lastSequence) return;
      lastSequence = line.sequence;
    }
    enqueue(line);
  });
  es.addEventListener('error', () => {
    if (source !== es) return;
    setStatus('reconnecting', 'reconnecting…');
    // CONNECTING: the browser retries by itself. CLOSED: the answer was not a stream (401, 404, ...); ask why.
    if (es.readyState === EventSource.CLOSED) {
      es.close();
      source = null;
      void diagnose(id);
    }
  });
}

/** After a refused stream: a plain GET tells the problem; retry unless the model is gone or the session ended. */
async function diagnose(id) {
  try {
    await request(`${modelPath(id, '/logs')}?tail=0`);
  } catch (error) {
    if (modelId !== id || error?.status === 401) return; // 401: the app shows the sign-in panel
    showProblem(ui.error, error);
    if (error?.status === 404 || error?.status === 403) {
      setStatus('error', 'not following');
      return;
    }
  }
  if (modelId !== id) return;
  retry = setTimeout(() => {
    if (modelId === id && !source) open(id);
  }, RETRY_MS);
}

function setStatus(state, text) {
  ui.status.textContent = text;
  ui.status.dataset.state = state;
}

/** Lines arrive in bursts (the tail is 200 at once): batch them into one DOM update per frame. */
function enqueue(line) {
  pending.push(line);
  if (pending.length > MAX_LINES) pending.splice(0, pending.length - MAX_LINES);
  if (!frame) frame = requestAnimationFrame(flush);
}

function flush() {
  frame = 0;
  const output = ui.output;
  const stick = atBottom(output); // follow the end unless the user scrolled up to read
  const fragment = document.createDocumentFragment();
  for (const line of pending) fragment.append(lineElement(line));
  pending = [];
  output.append(fragment);
  for (let excess = output.childElementCount - MAX_LINES; excess > 0; excess--) output.firstElementChild.remove();
  if (stick) output.scrollTop = output.scrollHeight;
}

function lineElement(line) {
  const ms = parseTime(line.timestamp);
  const valid = !Number.isNaN(ms);
  // The time shows through CSS (attr(data-time)), so the element's text is exactly the line's text.
  return el('div', {
    class: 'log-line',
    'data-source': line.source ?? '',
    'data-sequence': line.sequence,
    'data-time': valid ? clock.format(ms) : null,
    title: valid ? new Date(ms).toLocaleString() : null,
  }, String(line.text ?? ''));
}
