const camel = (key: string) => key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

/**
 * A row as PostgreSQL's row_to_json gives it (snake_case keys, timestamps as
 * text) shaped like the entity, so the module's mapper builds the response.
 */
export function camelRow<T>(row: Record<string, unknown>, timestamps: readonly string[] = ['created_at', 'updated_at']): T {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [camel(key), timestamps.includes(key) && typeof value === 'string' ? new Date(value) : value]),
  ) as T;
}
