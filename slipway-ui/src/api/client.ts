import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';
import { token } from './session';

export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];
export type SpecProblem = Schemas['SpecProblem'];
export type WhoAmI = Schemas['WhoAmI'];
export type Release = Schemas['Release'];
export type Plan = Schemas['Plan'];

/** Every call carries the session's token as the bearer token (the one place that adds it). */
const bearer: Middleware = {
  onRequest({ request }) {
    const t = token();
    if (t) request.headers.set('Authorization', `Bearer ${t}`);
    return request;
  },
};

/** The typed client: its paths and bodies come from the server's OpenAPI document (npm run gen:api). */
export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(bearer);

/** A refusal as a person reads it: the problem's detail, or the status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem?.detail ?? `the server answered ${status}`);
  }
}

/** The body of a successful answer, or an ApiError carrying the problem. */
export async function answer<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || data === undefined) {
    throw new ApiError(response.status, (error as Problem | undefined) ?? null);
  }
  return data;
}

/** The headers a raw fetch needs (the event stream, which openapi-fetch does not read as a stream). */
export function authHeaders(): Record<string, string> {
  const t = token();
  return t ? { Authorization: `Bearer ${t}` } : {};
}
