import type { ReactNode } from 'react';
import { Alert, Center, Loader } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';

/** A query's data through `children`, or its loader, or what went wrong (the API's problem detail). */
export function QueryState<T>({ query, children }: { query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  if (query.isPending)
    return (
      <Center p="lg">
        <Loader size="sm" />
      </Center>
    );
  if (query.isError)
    return (
      <Alert color="red" title="Could not load" role="alert">
        {query.error.message}
      </Alert>
    );
  return <>{children(query.data)}</>;
}
