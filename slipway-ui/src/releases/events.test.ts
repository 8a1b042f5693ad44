import { describe, expect, it } from 'vitest';
import { follow, parseSse, type Step } from './events';

const step = (sequence: number, service: string | null, to: string): Step => ({
  sequence, at: '2026-03-01T10:00:00Z', service, from: 'pending', to, step: 0, weight: 0, reason: '', failure: false,
});
const message = (s: Step) => `id: ${s.sequence}\nevent: step\ndata: ${JSON.stringify(s)}\n\n`;

function stream(chunks: string[], thenFail = false): Response {
  const left = [...chunks];
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      const next = left.shift();
      if (next !== undefined) c.enqueue(new TextEncoder().encode(next));
      else if (thenFail) c.error(new Error('connection dropped'));
      else c.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
}

describe('the event stream', () => {
  it('parses messages split across chunks, skipping comments', () => {
    const first = parseSse('retry: 1000\n\n: keep-alive\n\nid: 0\nevent: step\nda');
    expect(first.messages).toEqual([]);
    const second = parseSse(first.rest + 'ta: {"a":1}\n\nevent: end\ndata: {"state":"succeeded"}\n\n');
    expect(second.messages).toEqual([
      { id: '0', event: 'step', data: '{"a":1}' },
      { id: null, event: 'end', data: '{"state":"succeeded"}' },
    ]);
  });

  it('resumes after a drop with Last-Event-ID and neither loses nor repeats a step', async () => {
    const asked: (string | null)[] = [];
    const all = [step(0, null, 'running'), step(1, 'api', 'deploying'), step(2, 'api', 'promoted')];
    const answers = [
      () => stream([message(all[0]), message(all[1]).slice(0, 20)], true),
      () => stream([message(all[2]), 'event: end\ndata: {"state":"succeeded"}\n\n']),
    ];
    const fetchFake = async (_url: string, init: RequestInit) => {
      asked.push((init.headers as Record<string, string>)['Last-Event-ID'] ?? null);
      return answers[asked.length - 1]();
    };
    const seen: number[] = [];
    let ended = '';
    await follow('r-1', { Authorization: 'Bearer t' }, {
      onStep: (s) => seen.push(s.sequence), onEnd: (s) => { ended = s; }, onConnection: () => {},
    }, new AbortController().signal, fetchFake, 1);
    expect(asked).toEqual([null, '0']);
    expect(seen).toEqual([0, 2]);
    expect(ended).toBe('succeeded');
  });
});
