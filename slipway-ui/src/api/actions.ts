import { authHeaders } from './client';

/** A gate of an environment as the server judged it for a release. */
export interface Gate {
  name: string;
  ok: boolean;
  detail: string;
  hint?: string | null;
}

/**
 * POST with a JSON body for the routes the OpenAPI document does not describe yet (promotions, approvals): the
 * answer's status and JSON body, whatever the status.
 */
export async function postJson(path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { ...authHeaders(), 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: Record<string, unknown> = {};
  try { parsed = text ? JSON.parse(text) as Record<string, unknown> : {}; } catch { parsed = { detail: text }; }
  return { status: response.status, body: parsed };
}

/**
 * The gates a release was created with, as the creating answer gave them: kept in the tab's session storage by
 * release id, since reading a release back does not carry them.
 */
export function rememberGates(release: string, gates: Gate[]) {
  sessionStorage.setItem(`slipway.gates.${release}`, JSON.stringify(gates));
}

export function gatesOf(release: string): Gate[] | null {
  const kept = sessionStorage.getItem(`slipway.gates.${release}`);
  return kept ? JSON.parse(kept) as Gate[] : null;
}
