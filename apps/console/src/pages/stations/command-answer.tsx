import { Alert } from '@mantine/core';
import { JsonBlock } from '../../components/json-block';

/** What the station answered to a command (its CALLRESULT), or why there was no answer. */
export function CommandAnswer({ mutation }: { mutation: { isError: boolean; isSuccess: boolean; error: Error | null; data: unknown } }) {
  if (mutation.isError && mutation.error)
    return (
      <Alert color="red" title="Not done" mb="sm" role="alert" data-testid="command-error">
        {mutation.error.message}
      </Alert>
    );
  if (mutation.isSuccess)
    return (
      <Alert color="green" title="The station answered" mb="sm" data-testid="command-answer">
        <JsonBlock value={mutation.data} />
      </Alert>
    );
  return null;
}
