import type { PriorityRule } from '../persistence/priority-rule.repository';

/**
 * A session's priority: the rule for its id token (its key `<type>:<VALUE>`, or the value alone),
 * else the rule for its token's group, else 0; plus its EVSE node's priority. Values compare
 * case-insensitively (token values are).
 */
export function sessionPriority(
  idTokenKey: string | null,
  groupKey: string | undefined,
  evsePriority: number | null,
  rules: readonly PriorityRule[],
): number {
  const find = (match: PriorityRule['match'], values: string[]) =>
    rules.find((r) => r.match === match && values.includes(r.value.toUpperCase()))?.priority;
  let byToken: number | undefined;
  if (idTokenKey) {
    const key = idTokenKey.toUpperCase();
    const value = key.includes(':') ? key.slice(key.indexOf(':') + 1) : key;
    byToken = find('token', [key, value]);
  }
  const byGroup = groupKey ? find('group', [groupKey.toUpperCase()]) : undefined;
  return (byToken ?? byGroup ?? 0) + (evsePriority ?? 0);
}
