import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useAuth } from '../auth/auth-context';
import { followLiveEvents, type LiveEvent, type LiveState } from './live-events';

interface Live {
  state: LiveState;
  /** The latest events, newest first (at most 50). */
  recent: LiveEvent[];
}

const LiveContext = createContext<Live>({ state: 'connecting', recent: [] });

export function useLive(): Live {
  return useContext(LiveContext);
}

/** The queries an event makes stale (query keys start with these). */
export function staleKeys(event: LiveEvent): QueryKey[] {
  switch (event.name) {
    case 'station.connection':
    case 'station.status':
      return [['overview'], ['stations'], ['station', event.data.stationId]];
    case 'session':
      return [['overview'], ['sessions'], ['session', event.data.sessionId], ['station', event.data.stationId]];
    case 'cdr':
      return [['overview'], ['cdrs'], ['session', event.data.sessionId], ['station', event.data.stationId]];
  }
}

const FLUSH_MS = 750;

/**
 * One stream of GET /api/v1/events for the whole page: the queries an event touches are read
 * again (at most every 750 ms, however many events come), and every (re)connection reads all
 * again (events are not replayed).
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const { apiKey, fetch } = useAuth();
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  const [recent, setRecent] = useState<LiveEvent[]>([]);
  const pending = useRef(new Map<string, QueryKey>());

  useEffect(() => {
    const flush = setInterval(() => {
      for (const queryKey of pending.current.values()) void queryClient.invalidateQueries({ queryKey });
      pending.current.clear();
    }, FLUSH_MS);
    const stream = followLiveEvents({
      apiKey,
      fetch,
      onState: setState,
      onConnected: () => void queryClient.invalidateQueries(),
      onEvent: (event) => {
        for (const key of staleKeys(event)) pending.current.set(JSON.stringify(key), key);
        setRecent((previous) => [event, ...previous].slice(0, 50));
      },
    });
    return () => {
      clearInterval(flush);
      stream.close();
    };
  }, [apiKey, fetch, queryClient]);

  return <LiveContext.Provider value={{ state, recent }}>{children}</LiveContext.Provider>;
}
