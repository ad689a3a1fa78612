// Server-sent events read over fetch, since EventSource cannot send the Authorization header the API asks for.

export interface ServerEvent {
  id: string | null;
  event: string;
  data: string;
}

/**
 * Splits a stream's text into its events: blank-line separated blocks of "field: value" lines (the SSE format). Returns
 * the complete events and the rest, which the next chunk continues. Pure.
 */
export function parseEvents(text: string): { events: ServerEvent[]; rest: string } {
  const events: ServerEvent[] = [];
  const blocks = text.replaceAll('\r\n', '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let id: string | null = null;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue; // a comment, e.g. a keep-alive
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length > 0 || id !== null) events.push({ id, event, data: data.join('\n') });
  }
  return { events, rest };
}

/**
 * Follows /v1/stream until {@code signal} aborts, reconnecting with the last id after a pause when the stream ends or
 * fails; {@code onEvent} gets each event.
 */
export async function follow(bearer: string, onEvent: (event: ServerEvent) => void, signal: AbortSignal): Promise<void> {
  let lastId: string | null = null;
  while (!signal.aborted) {
    try {
      const headers: Record<string, string> = { Authorization: `Bearer ${bearer}`, Accept: 'text/event-stream' };
      if (lastId) headers['Last-Event-ID'] = lastId;
      const response = await fetch('/v1/stream', { headers, signal });
      if (!response.ok || !response.body) throw new Error(`the stream answered ${response.status}`);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffered = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const parsed = parseEvents(buffered + value);
        buffered = parsed.rest;
        for (const event of parsed.events) {
          if (event.id) lastId = event.id;
          onEvent(event);
        }
      }
    } catch {
      if (signal.aborted) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}
