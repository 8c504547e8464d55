import { useQuery } from '@tanstack/react-query';
import type { OperatorApiSchemas } from '@voltlane/operator-api-client';
import { useApi } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';

export type SessionCdr = OperatorApiSchemas['ListCdrsResponse']['items'][number];

/** The session facts its CDR is found by. */
export interface EndedSession {
  id: string;
}

/** The CDR of an ended session (GET /api/v1/cdrs?sessionId=), or null while there is none. */
export function useSessionCdr(session: EndedSession) {
  const api = useApi();
  return useQuery({
    queryKey: ['session', session.id, 'cdr'],
    // Billing issues the CDR shortly after the session ends (the live `cdr` event also reads it again).
    refetchInterval: (query) => (query.state.data === null ? 15_000 : false),
    queryFn: async (): Promise<SessionCdr | null> => {
      const page = unwrap(await api.GET('/api/v1/cdrs', { params: { query: { sessionId: session.id, limit: 1 } } }));
      return page.items[0] ?? null;
    },
  });
}
