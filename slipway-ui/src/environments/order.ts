/** An environment as far as ordering needs it. */
export interface Link {
  name: string;
  promoteFrom?: unknown;
}

/**
 * Environment names in promotion order: every environment after the one it is promoted from, roots (no promoteFrom)
 * first, otherwise in the order written. Names not in the chain (known only from an inventory or a release) follow,
 * in the order given. A loop (an invalid spec) does not hang: its environments follow in written order.
 */
export function promotionOrder(chain: Link[], others: string[] = []): string[] {
  const names = new Set(chain.map((e) => e.name));
  const from = new Map(chain.map((e) => [e.name, typeof e.promoteFrom === 'string' && names.has(e.promoteFrom) ? e.promoteFrom : null]));
  const placed: string[] = [];
  const done = new Set<string>();
  const visit = (name: string, path: Set<string>) => {
    if (done.has(name) || path.has(name)) return;
    path.add(name);
    const parent = from.get(name);
    if (parent) visit(parent, path);
    if (!done.has(name)) { done.add(name); placed.push(name); }
  };
  for (const e of chain) visit(e.name, new Set());
  for (const name of others) if (!done.has(name)) { done.add(name); placed.push(name); }
  return placed;
}

/** Sorts items by the promotion order of their environment's name. */
export function byPromotion<T>(items: T[], nameOf: (t: T) => string, chain: Link[]): T[] {
  const order = promotionOrder(chain, items.map(nameOf));
  const rank = new Map(order.map((n, i) => [n, i]));
  return [...items].sort((a, b) => rank.get(nameOf(a))! - rank.get(nameOf(b))!);
}
