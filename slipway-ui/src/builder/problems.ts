import type { SpecProblem } from '../api/client';

/** Where a problem of the server's validation belongs on the canvas: a service, a dependency, a field, or the system. */
export type Place =
  | { kind: 'service'; service: string; field: string | null }
  | { kind: 'dependency'; from: string; to: string }
  | { kind: 'system' };

export function placeOf(path: string): Place {
  const parts = path.split('.');
  if (parts[0] !== 'services' || parts.length < 2) return { kind: 'system' };
  const service = parts[1];
  if (parts[2] === 'dependsOn' && parts.length >= 4) return { kind: 'dependency', from: service, to: parts[3] };
  return { kind: 'service', service, field: parts.length > 2 ? parts.slice(2).join('.') : null };
}

export function errorsOnly(problems: SpecProblem[]): SpecProblem[] {
  return problems.filter((p) => p.severity === 'error');
}

/** The problems of one service (its fields included), of one dependency, or of nothing on the canvas. */
export function problemsOf(problems: SpecProblem[], match: (place: Place) => boolean): SpecProblem[] {
  return problems.filter((p) => match(placeOf(p.path)));
}

export function describe(p: SpecProblem): string {
  return `${p.line}:${p.column} ${p.path}: ${p.message}${p.hint ? ` (${p.hint})` : ''}`;
}
