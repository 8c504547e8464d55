import { createContext, useContext } from 'react';
import type { OperatorApiClient } from '@voltlane/operator-api-client';

export type ApiKeyScope = 'read' | 'write' | 'admin';

export interface Auth {
  apiKey: string;
  keyId: string;
  scope: ApiKeyScope;
  /** write or admin: commands and changes are offered. */
  canWrite: boolean;
  client: OperatorApiClient;
  fetch: typeof fetch;
  signOut: () => void;
}

export const AuthContext = createContext<Auth | null>(null);

/** The signed-in key and its typed API client (inside <AuthGate>). */
export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside <AuthGate>');
  return auth;
}

/** The typed client of the signed-in key. */
export function useApi(): OperatorApiClient {
  return useAuth().client;
}
