// Server-Sent Events read with fetch, so the credentials travel as the session cookie or in the
// Authorization header (never in the URL). Reconnects by itself with Last-Event-ID after the server's `retry:` delay, backing off.

const MAX_RETRY_MS = 15_000;

export function followEvents(url, apiKey, { onEvent, onState }) {
  let lastEventId = null;
  let retryMs = 1_000;
  let failures = 0;
  let stopped = false;
  let controller = null;

  async function run() {
    while (!stopped) {
      controller = new AbortController();
      try {
        const headers = { accept: 'text/event-stream', 'x-nce-panel': '1' };
        if (apiKey) headers.authorization = `Bearer ${apiKey}`;
        if (lastEventId !== null) headers['last-event-id'] = lastEventId;
        const response = await fetch(url, { headers, signal: controller.signal, cache: 'no-store', credentials: 'same-origin' });
        if (response.status === 401 || response.status === 404) {
          onState('closed');
          return;
        }
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        failures = 0;
        onState('live');
        await readEvents(response.body, (event) => {
          if (event.retry !== undefined) retryMs = event.retry;
          if (event.id !== undefined) lastEventId = event.id;
          if (event.data !== undefined) onEvent(event);
        });
      } catch {
        if (stopped) return;
        failures += 1;
      }
      if (stopped) return;
      onState('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, Math.min(retryMs * 2 ** Math.min(failures, 4), MAX_RETRY_MS)));
    }
  }

  run();
  return {
    close() {
      stopped = true;
      controller?.abort();
    },
  };
}

/** Parses the text/event-stream format (fields id, event, data, retry; `:` comments ignored). */
async function readEvents(body, dispatch) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = {};
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let newline;
    while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
      if (line === '') {
        if (Object.keys(event).length > 0) dispatch(event);
        event = {};
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const name = colon < 0 ? line : line.slice(0, colon);
      const fieldValue = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (name === 'data') event.data = event.data === undefined ? fieldValue : `${event.data}\n${fieldValue}`;
      else if (name === 'event') event.event = fieldValue;
      else if (name === 'id') event.id = fieldValue;
      else if (name === 'retry' && /^\d+$/.test(fieldValue)) event.retry = Number(fieldValue);
    }
  }
}
