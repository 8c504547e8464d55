import { Alert } from '@mantine/core';

/** Why a change was refused: the API's problem detail (an ApiError's message), or nothing. */
export function ProblemAlert({ error, title = 'Not done' }: { error: Error | null | undefined; title?: string }) {
  if (!error) return null;
  return (
    <Alert color="red" title={title} role="alert" data-testid="problem">
      {error.message}
    </Alert>
  );
}
