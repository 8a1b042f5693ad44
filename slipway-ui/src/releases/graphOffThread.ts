import type { ReleaseGraph } from './graph';

/** releaseGraph in a worker: the page keeps answering while a large system is parsed and laid out. */
export function releaseGraphOffThread(spec: string | null, services: string[]): { result: Promise<ReleaseGraph>; cancel: () => void } {
  const worker = new Worker(new URL('./graph.worker.ts', import.meta.url), { type: 'module' });
  const result = new Promise<ReleaseGraph>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<ReleaseGraph>) => { resolve(e.data); worker.terminate(); };
    worker.onerror = (e) => { reject(new Error(`laying out the release's graph failed: ${e.message}`)); worker.terminate(); };
  });
  worker.postMessage({ spec, services });
  return { result, cancel: () => worker.terminate() };
}
