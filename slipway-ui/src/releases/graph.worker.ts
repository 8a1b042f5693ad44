/// <reference lib="webworker" />
import { releaseGraph } from './graph';

// the release page's graph, parsed and laid out off the page's thread
self.onmessage = (e: MessageEvent<{ spec: string | null; services: string[] }>) => {
  self.postMessage(releaseGraph(e.data.spec, e.data.services));
};
