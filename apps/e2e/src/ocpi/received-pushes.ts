import type { ReceivedRequest } from './python-emsp';

/** The modules a CPO pushes to an eMSP's receivers (and the command results at its response_url). */
const PUSHED = new Set(['locations', 'sessions', 'cdrs', 'tariffs', 'commands']);

/** The pushes the eMSP took: requests to its receivers answered 2xx with OCPI status 1000. */
export function delivered(requests: readonly ReceivedRequest[]): ReceivedRequest[] {
  return requests.filter((r) => PUSHED.has(r.module ?? '') && r.status >= 200 && r.status < 300 && r.ocpi_status === 1000);
}

/** Pushes taken more than once: the same method, path and body (a push's body carries its last_updated). */
export function duplicates(requests: readonly ReceivedRequest[]): string[] {
  const seen = new Map<string, number>();
  for (const r of delivered(requests)) {
    const key = `${r.method} ${r.path.toUpperCase()} ${JSON.stringify(r.body)}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([key, n]) => `${n}× ${key.slice(0, 300)}`);
}

/** The PUT and PATCHes of one session the eMSP took, in the order it took them. */
export function sessionTrail(requests: readonly ReceivedRequest[], sessionId: string): ReceivedRequest[] {
  const suffix = `/${sessionId.toUpperCase()}`;
  return delivered(requests).filter((r) => r.module === 'sessions' && r.path.toUpperCase().endsWith(suffix));
}

/** The CDR POSTs the eMSP took for one session. */
export function cdrsOf(requests: readonly ReceivedRequest[], sessionId: string): ReceivedRequest[] {
  return delivered(requests).filter(
    (r) => r.module === 'cdrs' && r.method === 'POST' && String(r.body?.session_id ?? '').toUpperCase() === sessionId.toUpperCase(),
  );
}

/** The EVSE statuses the eMSP was told, in order (PATCHes of the EVSE). */
export function evseStatuses(requests: readonly ReceivedRequest[], evseUid: string): string[] {
  const suffix = `/${evseUid.toUpperCase()}`;
  return delivered(requests)
    .filter((r) => r.module === 'locations' && r.method === 'PATCH' && r.path.toUpperCase().endsWith(suffix) && r.body?.status)
    .map((r) => String(r.body.status));
}

/**
 * What is wrong with a session's trail: it must open with one PUT (ACTIVE), never lower its kWh or
 * its last_updated, and end with exactly one COMPLETED. Empty: nothing.
 */
export function trailProblems(trail: readonly ReceivedRequest[]): string[] {
  const problems: string[] = [];
  if (trail[0]?.method !== 'PUT' || trail[0].body?.status !== 'ACTIVE') problems.push('does not start with a PUT of an ACTIVE session');
  if (trail.filter((r) => r.method === 'PUT').length !== 1) problems.push(`${trail.filter((r) => r.method === 'PUT').length} PUTs`);
  const completed = trail.filter((r) => r.body?.status === 'COMPLETED');
  if (completed.length !== 1) problems.push(`${completed.length} COMPLETED`);
  if (trail.at(-1)?.body?.status !== 'COMPLETED') problems.push('COMPLETED is not the last');
  let kwh = -1;
  let updated = '';
  for (const r of trail) {
    if (typeof r.body?.kwh === 'number') {
      if (r.body.kwh < kwh) problems.push(`kwh went down from ${kwh} to ${r.body.kwh}`);
      kwh = r.body.kwh;
    }
    const at = String(r.body?.last_updated ?? '');
    if (at && updated && Date.parse(at) < Date.parse(updated)) problems.push(`last_updated went back from ${updated} to ${at}`);
    if (at) updated = at;
  }
  return problems;
}
