// Entry point: the live state stream, the first load, the sign-in panel, and the wiring between panels.

import { getJson, onUnauthorized, parseJson } from './api.js';
import { initChat, selectChatModel, stopChat, updateChatModels } from './chat.js';
import { byId, clearProblem, showProblem } from './dom.js';
import { initLogs, selectLogsModel, stopLogs, updateLogsModels } from './logs.js';
import { ModelTable } from './models.js';

const live = byId('live');
const alertBox = byId('alert');
const table = new ModelTable(byId('models-body'), { onLogs: selectLogsModel, onChat: selectChatModel });

let events = null; // the EventSource of /v1/events
let signedOut = false;
let loadGeneration = 0;
let buffered = null; // state events received while /v1/models is being fetched, applied again on top of its answer
let retryTimer = 0;
let retryDelay = 1000;

initChat();
initLogs();
table.addEventListener('change', () => {
  const models = table.models;
  updateChatModels(models);
  updateLogsModels(models);
});
onUnauthorized(showSignIn);
byId('signin-reload').addEventListener('click', () => location.reload());
setInterval(() => table.tick(), 5000);
connect();

function setLive(isLive) {
  live.dataset.state = isLive ? 'live' : 'reconnecting';
  live.textContent = isLive ? 'live' : 'reconnecting…';
}

/**
 * Opens the events stream first and loads the models once it is open, so no change falls between the two: events
 * that arrive during the load are applied again on top of its answer (the table keeps the newer of two states).
 */
function connect() {
  clearTimeout(retryTimer);
  const es = new EventSource('/v1/events');
  events = es;
  es.addEventListener('open', () => {
    if (events !== es) return;
    retryDelay = 1000;
    setLive(true);
    void load();
  });
  es.addEventListener('state', (event) => {
    if (events !== es) return;
    const change = parseJson(event.data);
    if (!change) return;
    buffered?.push(change);
    table.apply(change);
  });
  es.addEventListener('error', () => {
    if (events !== es) return;
    setLive(false);
    // CONNECTING: the browser retries by itself and 'open' reloads the list (the stream does not replay).
    // CLOSED: the answer was not a stream (a 401 after a silo restart, ...): find out why, then reopen.
    if (es.readyState === EventSource.CLOSED) {
      es.close();
      events = null;
      void diagnose();
    }
  });
}

async function load() {
  const generation = ++loadGeneration;
  const changes = (buffered = []);
  try {
    const models = await getJson('/v1/models');
    if (generation !== loadGeneration || signedOut) return;
    table.setAll(models);
    for (const change of changes) table.apply(change);
    clearProblem(alertBox);
  } catch (error) {
    if (generation === loadGeneration && error?.status !== 401) showProblem(alertBox, error);
  } finally {
    if (generation === loadGeneration) buffered = null;
  }
}

/** The events stream was refused: /v1/models says why (401 shows the sign-in panel); otherwise retry, backing off. */
async function diagnose() {
  try {
    await getJson('/v1/models');
  } catch (error) {
    if (error?.status === 401) return;
    showProblem(alertBox, error);
  }
  if (signedOut) return;
  retryTimer = setTimeout(connect, retryDelay);
  retryDelay = Math.min(retryDelay * 2, 15000);
}

/** No session (or it ended): only the sign-in explanation remains; nothing keeps polling. */
function showSignIn() {
  if (signedOut) return;
  signedOut = true;
  clearTimeout(retryTimer);
  events?.close();
  events = null;
  setLive(false);
  live.hidden = true; // nothing is reconnecting any more: the sign-in panel says what to do
  stopLogs();
  stopChat();
  clearProblem(alertBox);
  byId('app').hidden = true;
  byId('signin').hidden = false;
}
