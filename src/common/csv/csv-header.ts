export const normalizeName = (name: string): string => name.trim().toLowerCase();

function clip(text: string, max = 500): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

/** Why a header does not match the expected column names, or null when it does. */
export function csvHeaderProblem(found: readonly string[], expected: readonly string[]): string | null {
  const names = found.map(normalizeName);
  const wanted = expected.map(normalizeName);
  if (names.length === wanted.length && names.every((name, i) => name === wanted[i])) return null;
  return `header must be ${wanted.join(',')}; found ${clip(found.map((name) => name.trim()).join(','))}`;
}

/** Splits one record already checked for quoting defects into its field values. */
export function splitCsvRecord(text: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) return [...fields, field + text.slice(i)];
        field += text.slice(i, q);
        i = q + 1;
        if (text[i] !== '"') break;
        field += '"';
        i += 1;
      }
    }
    const comma = text.indexOf(',', i);
    fields.push(field + text.slice(i, comma < 0 ? text.length : comma));
    if (comma < 0) return fields;
    i = comma + 1;
  }
}
