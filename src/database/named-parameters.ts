/**
 * Turns `$name` placeholders into positional `$1..$n`, numbering only the names
 * a statement uses (PostgreSQL refuses parameters it cannot type). For long
 * multi-statement SQL (detection) where positions are hard to keep straight.
 */
export function bindNamed(sql: string, values: Record<string, unknown>): { text: string; parameters: unknown[] } {
  const order: string[] = [];
  const text = sql.replace(/\$([a-z][a-z_]*)/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`no value for $${name}`);
    let position = order.indexOf(name);
    if (position === -1) position = order.push(name) - 1;
    return `$${position + 1}`;
  });
  return { text, parameters: order.map((name) => values[name]) };
}
