import { useState } from 'react';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, MemoryRouter } from 'react-router';
import { AuthGate } from './auth/auth-gate';
import { LiveProvider } from './api/live-provider';
import { ConsoleRoutes } from './routes';
import { ApiError } from './api/api-error';

export function newQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        // A 4xx will not change on retry (a missing station, a refused scope).
        retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
      },
    },
  });
}

/**
 * The console: sign-in, then the pages on the operator API, live through GET /api/v1/events.
 * Tests pass `fetch` (an API of their own) and `initialPath` (a memory router).
 */
export function App({ fetch, initialPath }: { fetch?: typeof globalThis.fetch; initialPath?: string } = {}) {
  const [queryClient] = useState(newQueryClient);
  const pages = (
    <AuthGate fetch={fetch}>
      <LiveProvider>
        <ConsoleRoutes />
      </LiveProvider>
    </AuthGate>
  );
  return (
    <MantineProvider defaultColorScheme="auto">
      <QueryClientProvider client={queryClient}>
        {initialPath === undefined ? (
          <BrowserRouter>{pages}</BrowserRouter>
        ) : (
          <MemoryRouter initialEntries={[initialPath]}>{pages}</MemoryRouter>
        )}
      </QueryClientProvider>
    </MantineProvider>
  );
}
