// Server-Sent Events over a fetch() body: the server's stream is POST-only, so EventSource cannot be used.

/** Incremental parser: feed it text chunks, get back complete {event, data} frames (data parsed as JSON when it is). */
export function createSseParser() {
  let buffer = '';
  return function feed(chunk) {
    buffer += chunk.replace(/\r\n?/g, '\n');
    const frames = [];
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line === '' || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) value = value.slice(1);
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length === 0) continue;
      const text = data.join('\n');
      let parsed = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      frames.push({ event, data: parsed });
    }
    return frames;
  };
}

/** Reads an SSE response body to its end, calling onFrame for each frame. */
export async function readSse(body, onFrame) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const feed = createSseParser();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    for (const frame of feed(decoder.decode(value, { stream: true }))) onFrame(frame);
  }
  for (const frame of feed(decoder.decode() + '\n\n')) onFrame(frame);
}
