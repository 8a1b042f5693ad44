import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { environmentsOf, type Environment } from '../builder/spec';

/** What Slipway assumes when the spec lists no environments (docs/spec.md). */
export const DEFAULT_CHAIN: Environment[] = [
  { name: 'dev', trigger: 'push' },
  { name: 'staging', trigger: 'release-branch', promoteFrom: 'dev', soak: '30m' },
  { name: 'production', trigger: 'tag', promoteFrom: 'staging', approval: true },
];

/** The environments of a spec's text as they apply: the written ones, or the default chain when none is written. */
export function chainOf(text: string): Environment[] {
  const written = environmentsOf(text);
  return written.length > 0 ? written : DEFAULT_CHAIN;
}

let served: Promise<Environment[]> | null = null;

/**
 * The served spec's promotion chain (asked once per page load), for listing environments in promotion order
 * everywhere; empty until it is known, or when the server serves no spec.
 */
export function usePromotionChain(): Environment[] {
  const [chain, setChain] = useState<Environment[]>([]);
  useEffect(() => {
    served ??= api.GET('/api/v1/systems/spec').then(({ data }) => (data ? chainOf(data.text) : []));
    let live = true;
    served.then((c) => { if (live) setChain(c); }).catch(() => {});
    return () => { live = false; };
  }, []);
  return chain;
}
