import { useState } from 'react';
import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';

/** Sign-in with an API key (npm run apikey, POST /api/v1/api-keys, or the all-in-one's admin key). */
export function SignInPage({ notice, onSignIn }: { notice?: string; onSignIn: (apiKey: string) => Promise<string | undefined> }) {
  const [apiKey, setApiKey] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={420}>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            setBusy(true);
            void onSignIn(apiKey).then((failure) => {
              setError(failure);
              setBusy(false);
            });
          }}
        >
          <Stack>
            <Title order={2}>Voltlane console</Title>
            <Text size="sm" c="dimmed">
              Sign in with an operator API key. It is kept in this browser tab only and sent to the API as X-API-Key.
            </Text>
            {notice && !error && <Alert color="yellow">{notice}</Alert>}
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <PasswordInput
              label="API key"
              placeholder="vl_…"
              autoComplete="off"
              required
              value={apiKey}
              onChange={(event) => setApiKey(event.currentTarget.value)}
            />
            <Button type="submit" loading={busy} disabled={apiKey.trim() === ''}>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
