import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Center, Loader } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { operatorApiClient } from '@voltlane/operator-api-client';
import { AuthContext, type ApiKeyScope, type Auth } from './auth-context';
import { apiKeyStorage } from './api-key-storage';
import { SignInPage } from './sign-in-page';

interface SignedIn {
  apiKey: string;
  keyId: string;
  scope: ApiKeyScope;
}

/** Asks the API which key this is (GET /api/v1/api-keys/current): its id and scope, or why not. */
export async function checkApiKey(apiKey: string, doFetch: typeof fetch): Promise<SignedIn | { error: string }> {
  const client = operatorApiClient('', apiKey, { fetch: doFetch });
  try {
    const { data, response } = await client.GET('/api/v1/api-keys/current');
    if (response.status === 401) return { error: 'This API key is not valid (unknown, revoked or mistyped).' };
    if (!data) return { error: `The API answered ${response.status}.` };
    return { apiKey, keyId: data.id, scope: data.scope };
  } catch (error) {
    return { error: `The API cannot be reached (${(error as Error).message}).` };
  }
}

/**
 * Renders its children for a signed-in key, else the sign-in page. The key is checked on sign-in
 * and again on a reload (from sessionStorage); an answer 401 later (the key was revoked) signs out.
 */
export function AuthGate({ children, fetch: givenFetch }: { children: ReactNode; fetch?: typeof fetch }) {
  const doFetch = useMemo(() => givenFetch ?? fetch.bind(globalThis), [givenFetch]);
  const queryClient = useQueryClient();
  const [signedIn, setSignedIn] = useState<SignedIn | null>(null);
  const [checking, setChecking] = useState(() => apiKeyStorage.read() !== null);
  const [notice, setNotice] = useState<string | undefined>();

  useEffect(() => {
    const stored = apiKeyStorage.read();
    if (!stored) return;
    void checkApiKey(stored, doFetch).then((outcome) => {
      if ('error' in outcome) {
        apiKeyStorage.clear();
        setNotice(outcome.error);
      } else setSignedIn(outcome);
      setChecking(false);
    });
  }, [doFetch]);

  const signOut = useCallback(
    (reason?: string) => {
      apiKeyStorage.clear();
      queryClient.clear();
      setSignedIn(null);
      setNotice(reason);
    },
    [queryClient],
  );

  const auth = useMemo<Auth | null>(() => {
    if (!signedIn) return null;
    const client = operatorApiClient('', signedIn.apiKey, { fetch: doFetch });
    client.use({
      onResponse({ response }) {
        if (response.status === 401) signOut('The API key was refused (revoked?): sign in again.');
        return undefined;
      },
    });
    return {
      ...signedIn,
      canWrite: signedIn.scope !== 'read',
      client,
      fetch: doFetch,
      signOut: () => signOut(),
    };
  }, [signedIn, doFetch, signOut]);

  if (checking)
    return (
      <Center h="100vh">
        <Loader aria-label="Checking the API key" />
      </Center>
    );
  if (!auth)
    return (
      <SignInPage
        notice={notice}
        onSignIn={async (apiKey) => {
          const outcome = await checkApiKey(apiKey.trim(), doFetch);
          if ('error' in outcome) return outcome.error;
          apiKeyStorage.write(outcome.apiKey);
          setNotice(undefined);
          setSignedIn(outcome);
          return undefined;
        }}
      />
    );
  return <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>;
}
