/**
 * The release's event stream, read with fetch: a browser's EventSource cannot send the bearer header, and the token
 * must never go into a URL. After a dropped connection the stream is asked again with Last-Event-ID set to the last
 * step seen, so the server sends exactly the steps after it: none lost, none repeated.
 */
export interface Step {
  sequence: number;
  at: string;
  service: string | null;
  from: string;
  to: string;
  step: number;
  weight: number;
  reason: string;
  failure: boolean;
}

export interface SseMessage {
  id: string | null;
  event: string;
  data: string;
}

/** Splits complete messages off the front of a buffer (a message ends at a blank line); the rest waits for more. */
export function parseSse(buffer: string): { messages: SseMessage[]; rest: string } {
  const messages: SseMessage[] = [];
  const normalized = buffer.replace(/\r\n?/g, '\n');
  const blocks = normalized.split('\n\n');
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let id: string | null = null;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length > 0) messages.push({ id, event, data: data.join('\n') });
  }
  return { messages, rest };
}

export interface Follower {
  onStep: (step: Step) => void;
  onEnd: (state: string) => void;
  onConnection: (state: 'open' | 'retrying') => void;
}

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** Follows a release until its end event or until signal aborts, reconnecting after a drop. */
export async function follow(id: string, headers: Record<string, string>, on: Follower, signal: AbortSignal,
                             fetchImpl: Fetch = fetch, retryMs = 1000): Promise<void> {
  let last: string | null = null;
  while (!signal.aborted) {
    try {
      const response = await fetchImpl(`/api/v1/releases/${encodeURIComponent(id)}/events`, {
        headers: { ...headers, Accept: 'text/event-stream', ...(last !== null ? { 'Last-Event-ID': last } : {}) },
        signal,
      });
      if (!response.ok || !response.body) throw new Error(`the stream answered ${response.status}`);
      on.onConnection('open');
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const parsed = parseSse(buffer + value);
        buffer = parsed.rest;
        for (const m of parsed.messages) {
          if (m.event === 'end') {
            on.onEnd((JSON.parse(m.data) as { state: string }).state);
            return;
          }
          if (m.event === 'step') {
            if (m.id !== null) last = m.id;
            on.onStep(JSON.parse(m.data) as Step);
          }
        }
      }
    } catch (e) {
      if (signal.aborted) return;
      void e;
    }
    on.onConnection('retrying');
    await new Promise((r) => setTimeout(r, retryMs));
  }
}
