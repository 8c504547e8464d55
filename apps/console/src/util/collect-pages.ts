/** The most rows an export reads (page by page). */
export const EXPORT_MAX = 10_000;

/**
 * Every item of a paged list (offset pages of `limit`), up to `max`, and the list's total: what an
 * export holds beyond the page shown.
 */
export async function collectPages<T>(
  fetchPage: (offset: number, limit: number) => Promise<{ items: T[]; total: number }>,
  { limit = 500, max = EXPORT_MAX }: { limit?: number; max?: number } = {},
): Promise<{ items: T[]; total: number }> {
  const items: T[] = [];
  let total = 0;
  for (let offset = 0; offset < max; offset += limit) {
    const size = Math.min(limit, max - offset);
    const page = await fetchPage(offset, size);
    total = page.total;
    items.push(...page.items);
    if (page.items.length < size || items.length >= page.total) break;
  }
  return { items: items.slice(0, max), total };
}
