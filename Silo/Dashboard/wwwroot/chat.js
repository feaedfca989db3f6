// The chat panel: one conversation per model, answers streamed token by token from POST /v1/models/{id}/chat.
//
// History rule: every turn stays visible, but what is sent again must keep user/assistant alternating (some chat
// templates refuse anything else). So a cancelled answer WITH text is kept in the history (the model sees what the
// user saw); an answer that failed, or was cancelled before its first token, is dropped from the history together
// with its question (both stay on screen, marked data-excluded). A request the silo refused outright (e.g. 409,
// model not running) leaves no turn at all: its text stays in the box to send again.

import { modelPath, parseJson, readSse, request } from './api.js';
import { atBottom, attr, byId, clearProblem, el, showProblem, syncSelect } from './dom.js';

/** @type {Map<string, {role: string, content: string, state: string, excluded: boolean}[]>} */
const conversations = new Map();
let run = null; // the answer being received: { modelId, question, answer, output, controller, deltas, firstAt, finished }
let ui;

export function initChat() {
  ui = {
    panel: byId('chat-panel'),
    select: byId('chat-model'),
    transcript: byId('chat-transcript'),
    empty: byId('chat-empty'),
    input: byId('chat-input'),
    send: byId('chat-send'),
    cancel: byId('chat-cancel'),
    clear: byId('chat-clear'),
    stats: byId('chat-stats'),
    error: byId('chat-error'),
  };
  ui.send.addEventListener('click', () => {
    void send();
    ui.input.focus(); // the Send button is disabled while the answer runs; keep focus where Escape cancels
  });
  ui.cancel.addEventListener('click', () => {
    cancel();
    ui.input.focus();
  });
  ui.clear.addEventListener('click', () => {
    cancel();
    conversations.delete(ui.select.value);
    reset();
  });
  ui.select.addEventListener('change', () => {
    cancel();
    reset();
  });
  ui.input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void send();
    }
  });
  ui.panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && run) {
      event.preventDefault();
      cancel();
    }
  });
  setRunning(false);
  reset();
}

/** Keeps the model list current; the selection stays unless its model disappeared. */
export function updateChatModels(models) {
  const before = ui.select.value;
  const fallback = (models.find((m) => m.status === 'Running') ?? models[0])?.id;
  syncSelect(ui.select, models.map((m) => ({ value: m.id, label: `${m.id} (${m.status})` })), fallback);
  if (ui.select.value !== before) {
    cancel();
    reset();
  }
}

/** The table's "Chat" button: select the model and put the cursor in the prompt. */
export function selectChatModel(id) {
  if (ui.select.value !== id) {
    cancel();
    ui.select.value = id;
    reset();
  }
  ui.input.focus();
}

/** Ends a running answer (sign-out). */
export function stopChat() {
  cancel();
}

function conversationOf(id) {
  if (!id) return [];
  let turns = conversations.get(id);
  if (!turns) conversations.set(id, (turns = []));
  return turns;
}

/** The messages to send: everything on screen except excluded turns and empty answers. */
function history(turns) {
  return turns.filter((t) => !t.excluded && t.content !== '').map(({ role, content }) => ({ role, content }));
}

async function send() {
  const modelId = ui.select.value;
  const text = ui.input.value;
  if (run || !modelId || text.trim() === '') return;

  clearProblem(ui.error);
  const turns = conversationOf(modelId);
  const messages = [...history(turns), { role: 'user', content: text }];
  const question = { role: 'user', content: text, state: 'done', excluded: false };
  const answer = { role: 'assistant', content: '', state: 'running', excluded: false };
  turns.push(question, answer);
  render();

  const r = { modelId, question, answer, output: byId('chat-output'), controller: new AbortController(), deltas: 0, firstAt: 0, finished: false };
  run = r;
  setRunning(true);
  setStats('running', 'waiting for the first token…');

  let response;
  try {
    response = await request(modelPath(modelId, '/chat'), { method: 'POST', json: { messages }, signal: r.controller.signal, accept: 'text/event-stream' });
  } catch (error) {
    if (r.finished) return; // cancelled while waiting
    turns.splice(turns.indexOf(question), 2); // refused: as if never sent; the text is still in the box
    finish(r);
    setStats('error', '');
    showProblem(ui.error, error);
    return;
  }

  if (ui.input.value === text) ui.input.value = '';
  try {
    await readSse(response, (event) => onEvent(r, event), r.controller.signal);
    if (!r.finished) fail(r, 'incomplete', 'The answer stopped before it was complete (the connection closed).');
  } catch (error) {
    if (!r.finished) fail(r, 'connection-lost', error?.message ?? String(error));
  }
}

/** Handles one SSE event of the answer; returns false once the answer is over. */
function onEvent(r, { event, data }) {
  if (r.finished) return false;
  const payload = parseJson(data);
  if (!payload) {
    fail(r, 'bad-event', `The silo sent an unreadable "${event}" event.`);
    return false;
  }

  if (event === 'delta') {
    const text = payload.content ?? '';
    if (r.deltas === 0) r.firstAt = performance.now();
    r.deltas += 1;
    r.answer.content += text;
    const stick = atBottom(ui.transcript);
    r.output.append(text); // a text node per token: no re-parsing, no markup
    if (stick) ui.transcript.scrollTop = ui.transcript.scrollHeight;
    const seconds = (performance.now() - r.firstAt) / 1000;
    const rate = r.deltas > 1 && seconds > 0 ? ` · ${(r.deltas / seconds).toFixed(1)} tokens/s` : '';
    setStats('running', `${r.deltas} tokens${rate}`);
    return true;
  }
  if (event === 'done') {
    // Tokens: the server's count when it gave one, else one per delta; time: first delta to now.
    const tokens = payload.usage?.completionTokens ?? r.deltas;
    const seconds = r.firstAt ? (performance.now() - r.firstAt) / 1000 : 0;
    const rate = seconds > 0 && tokens > 0 ? (tokens / seconds).toFixed(1) : null;
    const finishReason = payload.finishReason ?? null;
    r.answer.state = 'done';
    finish(r);
    const parts = [`${tokens} tokens`, rate && `${rate} tokens/s`, `finish: ${finishReason ?? 'unknown'}`];
    setStats('done', parts.filter(Boolean).join(' · '), { finishReason, tokensPerSecond: rate });
    return false;
  }
  if (event === 'error') {
    fail(r, payload.type ?? 'error', payload.detail ?? '');
    return false;
  }
  return true; // unknown events are ignored: newer silos may add some
}

function fail(r, type, detail) {
  r.answer.state = 'error';
  r.question.excluded = r.answer.excluded = true;
  finish(r);
  r.controller.abort(); // closes the stream if it is still open
  setStats('error', `error after ${r.deltas} tokens`);
  showProblem(ui.error, { title: type, detail });
}

function cancel() {
  const r = run;
  if (!r) return;
  r.answer.state = 'cancelled';
  if (r.answer.content === '') r.question.excluded = r.answer.excluded = true;
  finish(r); // before abort(): the rejected fetch/read then sees the run is over
  r.controller.abort();
  setStats('cancelled', `cancelled after ${r.deltas} tokens`);
}

/** Marks a run over and shows its turns' final state. */
function finish(r) {
  r.finished = true;
  if (run === r) {
    run = null;
    setRunning(false);
  }
  if (ui.select.value === r.modelId) render();
}

function setRunning(running) {
  ui.send.disabled = running;
  ui.cancel.disabled = !running;
  attr(ui.panel, 'data-running', running ? 'true' : null);
}

function setStats(state, text, { finishReason = null, tokensPerSecond = null } = {}) {
  ui.stats.textContent = text;
  ui.stats.dataset.state = state;
  attr(ui.stats, 'data-finish-reason', finishReason);
  attr(ui.stats, 'data-tokens-per-second', tokensPerSecond);
}

/** Shows the selected model's conversation with a fresh status line. */
function reset() {
  clearProblem(ui.error);
  setStats('idle', '');
  render();
}

/**
 * Rebuilds the transcript of the selected model. The last assistant answer gets the id chat-output (a hidden empty
 * placeholder has it when there is no answer yet), so #chat-output is always the current answer.
 */
function render() {
  const turns = conversationOf(ui.select.value);
  const stick = atBottom(ui.transcript);
  const top = ui.transcript.scrollTop;
  const nodes = turns.map((t) =>
    el('div', { class: 'turn', 'data-role': t.role, 'data-state': t.state, 'data-excluded': t.excluded }, t.content));
  let output = null;
  turns.forEach((t, i) => {
    if (t.role === 'assistant') output = nodes[i];
  });
  if (!output) nodes.push((output = el('div', { class: 'turn-placeholder', hidden: true })));
  output.id = 'chat-output';
  ui.empty.hidden = turns.length > 0;
  ui.transcript.replaceChildren(ui.empty, ...nodes);
  ui.transcript.scrollTop = stick ? ui.transcript.scrollHeight : top;
}
