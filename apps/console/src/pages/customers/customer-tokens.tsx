import { useState } from 'react';
import { Anchor, Button, Group } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApi, useAuth } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';
import { Pager } from '../../components/pager';
import { QueryState } from '../../components/query-state';
import { TokenFormModal } from '../tokens/token-form';
import { TokenTable } from '../tokens/token-table';

const LIMIT = 20;

/** The id tokens of a customer; write keys add one for it, change, block and unblock them. */
export function CustomerTokens({ customerId }: { customerId: string }) {
  const api = useApi();
  const { canWrite } = useAuth();
  const [offset, setOffset] = useState(0);
  const [creating, setCreating] = useState(false);
  const tokens = useQuery({
    queryKey: ['id-tokens', { customerId }, offset],
    queryFn: async () => unwrap(await api.GET('/api/v1/id-tokens', { params: { query: { customerId, limit: LIMIT, offset } } })),
  });
  return (
    <>
      <Group justify="space-between" mb="sm">
        <Anchor component={Link} to={`/tokens?customerId=${encodeURIComponent(customerId)}`} size="sm">
          On the tokens page
        </Anchor>
        {canWrite && (
          <Button size="xs" onClick={() => setCreating(true)} data-testid="create-token">
            New token
          </Button>
        )}
      </Group>
      <QueryState query={tokens}>
        {(page) => (
          <>
            <TokenTable tokens={page.items} withCustomer={false} />
            <Pager total={page.total} limit={page.limit} offset={page.offset} onOffset={setOffset} />
          </>
        )}
      </QueryState>
      {canWrite && <TokenFormModal opened={creating} onClose={() => setCreating(false)} customerId={customerId} />}
    </>
  );
}
