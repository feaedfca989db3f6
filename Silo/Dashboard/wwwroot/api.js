// Talking to the silo: same-origin fetches with the page header, problem details, and an SSE reader for the chat
// (a POST answer, so EventSource cannot read it).

/** The header the silo requires on the page's own changes (other pages cannot add it without a preflight). */
const PAGE_HEADER = 'X-Orchestrator-Page';

/** An RFC 9457 problem (or a network failure, status 0) as an Error the UI can show as title + detail. */
export class ProblemError extends Error {
  constructor(status, problem = {}) {
    const title = problem.title || (status ? `HTTP ${status}` : 'Error');
    super(problem.detail ? `${title}: ${problem.detail}` : title);
    this.name = 'ProblemError';
    this.status = status;
    this.type = problem.type ?? null;
    this.title = title;
    this.detail = problem.detail ?? '';
  }
}

let unauthorized = () => {};

/** Who to tell when any call answers 401 (the session is gone): the app swaps to the sign-in panel. */
export function onUnauthorized(handler) {
  unauthorized = handler;
}

/** `/v1/models/{id}{suffix}`; ids contain `/` and `:`, so they are encoded as one segment. */
export function modelPath(id, suffix = '') {
  return `/v1/models/${encodeURIComponent(id)}${suffix}`;
}

/**
 * fetch() with the page header; resolves to the Response when it is 2xx, otherwise throws a ProblemError
 * (and reports a 401 first). `json` becomes the body.
 */
export async function request(path, { method = 'GET', json, signal, accept = 'application/json' } = {}) {
  const headers = { [PAGE_HEADER]: '1', Accept: `${accept}, application/problem+json` };
  const init = { method, headers, signal, cache: 'no-store' };
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(json);
  }

  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
    throw new ProblemError(0, { title: 'Cannot reach the silo', detail: `Is it running? (${error?.message ?? error})` });
  }

  if (response.ok) return response;
  const problem = await readProblem(response);
  if (response.status === 401) unauthorized(problem);
  throw problem;
}

/** An SSE event's data as JSON, or null when it is not readable (the caller decides what a bad event means). */
export function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** GET and parse JSON. */
export async function getJson(path) {
  return (await request(path)).json();
}

async function readProblem(response) {
  let body = {};
  try {
    const text = await response.text();
    const type = response.headers.get('Content-Type') ?? '';
    if (type.includes('json')) body = JSON.parse(text);
    else if (text.trim()) body = { detail: text.trim().slice(0, 500) };
  } catch {
    // An unreadable body still leaves the status to show.
  }
  return new ProblemError(response.status, {
    type: body.type,
    title: body.title || response.statusText || `HTTP ${response.status}`,
    detail: body.detail,
  });
}

/**
 * An incremental Server-Sent Events parser (the WHATWG rules that matter here): lines end with CRLF, LF or CR, in
 * chunks split anywhere; `event:` names the event, `data:` lines join with LF, a blank line dispatches, lines starting
 * with `:` are comments (keep-alives). feed() returns the events completed by the chunk.
 */
export class SseParser {
  #buffer = '';
  #skipLf = false; // the last chunk ended in CR: an LF starting the next chunk belongs to that line end
  #event = '';
  #data = [];

  feed(chunk) {
    const events = [];
    let text = this.#buffer + chunk;
    if (this.#skipLf && text.startsWith('\n')) text = text.slice(1);
    this.#skipLf = false;

    const ends = /\r\n|\r|\n/g;
    let start = 0;
    let match;
    while ((match = ends.exec(text)) !== null) {
      this.#line(text.slice(start, match.index), events);
      start = ends.lastIndex;
      if (match[0] === '\r' && start === text.length) this.#skipLf = true;
    }
    this.#buffer = text.slice(start);
    return events;
  }

  #line(line, events) {
    if (line === '') {
      if (this.#data.length > 0) events.push({ event: this.#event || 'message', data: this.#data.join('\n') });
      this.#event = '';
      this.#data = [];
      return;
    }
    if (line.startsWith(':')) return;

    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.#event = value;
    else if (field === 'data') this.#data.push(value);
    // `id` and `retry` mean nothing to a one-shot POST stream.
  }
}

/**
 * Reads an SSE response body to its end, calling onEvent({event, data}) for each event; onEvent returns false to stop
 * early. Rejects with AbortError when `signal` aborts.
 */
export async function readSse(response, onEvent, signal) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder(); // stream mode keeps a UTF-8 sequence split across chunks intact
  const parser = new SseParser();
  const onAbort = () => reader.cancel().catch(() => {});
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      for (const event of parser.feed(decoder.decode(value, { stream: true }))) {
        if (onEvent(event) === false) {
          await reader.cancel().catch(() => {});
          return;
        }
      }
    }
    for (const event of parser.feed(decoder.decode())) {
      if (onEvent(event) === false) return;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
