// The server's JSON API (README, "Server"). Errors come as {"error": {"code", "message", "type"}}.

const KEY = 'maestro.apiKey';

export function apiKey() {
  try {
    return window.localStorage.getItem(KEY) || '';
  } catch {
    return '';
  }
}

export function setApiKey(key) {
  try {
    if (key) window.localStorage.setItem(KEY, key);
    else window.localStorage.removeItem(KEY);
  } catch {
    // storage unavailable: the key lasts until reload
  }
}

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function headers(extra = {}) {
  const h = { ...extra };
  const key = apiKey();
  if (key) h.Authorization = 'Bearer ' + key;
  return h;
}

async function check(response) {
  if (response.ok) return response;
  let code = 'http_' + response.status;
  let message = response.statusText || 'request failed';
  try {
    const body = await response.json();
    if (body && body.error) {
      code = body.error.code || code;
      message = body.error.message || message;
    }
  } catch {
    // not JSON
  }
  if (response.status === 401) message += ' Set an API key with the key button in the header.';
  throw new ApiError(response.status, code, message);
}

export async function getJson(path, signal) {
  return (await check(await fetch(path, { headers: headers({ Accept: 'application/json' }), signal }))).json();
}

export async function postJson(path, body, signal) {
  const r = await check(await fetch(path, {
    method: 'POST',
    headers: headers({ 'Content-Type': 'application/json', Accept: 'application/json' }),
    body: JSON.stringify(body),
    signal,
  }));
  return r.status === 204 ? null : r.json();
}

/** POSTs and returns the response, whose body is an SSE stream. */
export async function postStream(path, body, signal) {
  return check(await fetch(path, {
    method: 'POST',
    headers: headers({ 'Content-Type': 'application/json', Accept: 'text/event-stream' }),
    body: JSON.stringify({ ...body, stream: true }),
    signal,
  }));
}

/** Uploads one file as the raw body; the server ingests it in the background (202). */
export async function uploadDocument(file, collection) {
  const q = new URLSearchParams({ collection: collection || 'default', filename: file.name });
  const r = await check(await fetch('/api/documents?' + q, {
    method: 'POST',
    headers: headers({ 'Content-Type': file.type || 'application/octet-stream' }),
    body: file,
  }));
  return r.json();
}

/** Readiness with its models' breakers: the body also when the server is not ready (503). */
export async function getHealth(signal) {
  const r = await fetch('/health/ready', { headers: { Accept: 'application/json' }, signal });
  const body = await r.json().catch(() => null);
  if (!body) throw new ApiError(r.status, 'http_' + r.status, r.statusText || 'readiness unavailable');
  return body;
}
