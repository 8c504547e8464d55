import { useQuery } from '@tanstack/react-query';
import type { OperatorApiSchemas } from '@voltlane/operator-api-client';
import { useApi } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';

export type SessionCdr = OperatorApiSchemas['ListCdrsResponse']['items'][number];

const HOUR = 3_600_000;

/** The session facts its CDR is found by. */
export interface EndedSession {
  id: string;
  stationId: string;
  startedAt: string;
  endedAt?: string | null;
}

/**
 * The CDR of an ended session, or null while there is none. GET /api/v1/cdrs has no session
 * filter: the CDRs of the session's station that ended between its start and an hour after its
 * end are read (a handful) and the one of this session is picked.
 */
export function useSessionCdr(session: EndedSession) {
  const api = useApi();
  return useQuery({
    queryKey: ['session', session.id, 'cdr'],
    // Billing issues the CDR shortly after the session ends (the live `cdr` event also reads it again).
    refetchInterval: (query) => (query.state.data === null ? 15_000 : false),
    queryFn: async (): Promise<SessionCdr | null> => {
      const end = Date.parse(session.endedAt ?? '');
      const endedTo = new Date((Number.isFinite(end) ? end : Date.now()) + HOUR).toISOString();
      const page = unwrap(
        await api.GET('/api/v1/cdrs', {
          params: { query: { stationId: session.stationId, endedFrom: session.startedAt, endedTo, limit: 500 } },
        }),
      );
      return page.items.find((cdr) => cdr.sessionId === session.id) ?? null;
    },
  });
}
