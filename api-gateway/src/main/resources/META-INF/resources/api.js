// The gateway's REST API as the page uses it: the API key, JSON and problem+json bodies, and Server-Sent Events
// read through fetch (EventSource cannot send an Authorization header).

const KEY_STORAGE = 'chimera.apiKey';

/** A refused or failed request: the problem+json code, detail and field problems. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem.code || `http_${status}`;
    this.problems = Array.isArray(problem.problems) ? problem.problems : [];
  }
}

/** The API key, kept in localStorage so it is entered once. */
export const apiKey = {
  get: () => localStorage.getItem(KEY_STORAGE) || '',
  set: (value) => (value ? localStorage.setItem(KEY_STORAGE, value) : localStorage.removeItem(KEY_STORAGE)),
};

let serverClockOffset = 0;

/** Now on the gateway's clock, so elapsed times do not depend on the browser's clock being right. */
export function serverNow() {
  return Date.now() + serverClockOffset;
}

function noteServerClock(response) {
  const date = Date.parse(response.headers.get('Date'));
  if (!Number.isNaN(date)) {
    const offset = date - Date.now();
    // The Date header has one-second resolution: only a larger difference is a real skew.
    serverClockOffset = Math.abs(offset) > 2000 ? offset : 0;
  }
}

function headers(extra) {
  const all = { Accept: 'application/json', ...extra };
  const key = apiKey.get();
  if (key) {
    all.Authorization = `Bearer ${key}`;
  }
  return all;
}

async function failure(response) {
  let problem = {};
  try {
    problem = await response.json();
  } catch {
    // Not a problem+json body (e.g. a proxy's error page): the status says enough.
  }
  return new ApiError(response.status, problem);
}

async function send(path, init) {
  try {
    return await fetch(path, { cache: 'no-store', ...init });
  } catch (error) {
    if (error.name === 'AbortError') {
      throw error;
    }
    throw new ApiError(0, { code: 'network_error', detail: 'The gateway cannot be reached.' });
  }
}

/**
 * One API call. Resolves to {data, etag, notModified}; a 304 (when etag was sent as If-None-Match) resolves with
 * notModified true and no data; any other non-2xx rejects with an ApiError.
 */
export async function call(method, path, { body, etag, idempotencyKey, signal } = {}) {
  const extra = {};
  if (etag) {
    extra['If-None-Match'] = etag;
  }
  if (idempotencyKey) {
    extra['Idempotency-Key'] = idempotencyKey;
  }
  let payload;
  if (body instanceof FormData) {
    payload = body;
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    extra['Content-Type'] = 'application/json';
  }
  const response = await send(path, { method, headers: headers(extra), body: payload, signal });
  noteServerClock(response);
  if (response.status === 304) {
    return { data: null, etag, notModified: true };
  }
  if (!response.ok) {
    throw await failure(response);
  }
  const text = await response.text();
  return { data: text ? JSON.parse(text) : null, etag: response.headers.get('ETag'), notModified: false };
}

/**
 * Reads a text/event-stream until it ends, calling onEvent({type, data, id}) for each event whose data is JSON.
 * Resolves when the server closes the stream; rejects with an ApiError when it refuses it.
 */
export async function readEvents(path, onEvent, signal) {
  const response = await send(path, { headers: headers({ Accept: 'text/event-stream' }), signal });
  if (!response.ok) {
    throw await failure(response);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = { type: 'message', data: [], id: null };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, end).replace(/\r$/, '');
      buffer = buffer.slice(end + 1);
      if (line === '') {
        if (event.data.length > 0) {
          onEvent({ type: event.type, id: event.id, data: JSON.parse(event.data.join('\n')) });
        }
        event = { type: 'message', data: [], id: null };
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const content = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') {
          event.type = content;
        } else if (field === 'data') {
          event.data.push(content);
        } else if (field === 'id') {
          event.id = content;
        }
      }
    }
  }
}

/** A fresh Idempotency-Key. */
export function newIdempotencyKey() {
  if (crypto.randomUUID) {
    return crypto.randomUUID();
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
