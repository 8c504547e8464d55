import { useState } from 'react';
import { Button, Group, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApi, useAuth } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';
import { StatusBadge } from '../../components/status-badge';
import { formatDateTime } from '../../util/format';
import { CustomerLink } from '../customers/customer-link';
import { ProblemAlert } from './problem-alert';
import { TokenFormModal } from './token-form';
import { groupText, type IdToken } from './token-types';

function tokenKey(token: IdToken): string {
  return token.key ?? `${token.type}:${token.idToken}`;
}

/** Id tokens as a table; write keys may edit, block and unblock each (the lists are read again after). */
export function TokenTable({ tokens, withCustomer = true }: { tokens: IdToken[]; withCustomer?: boolean }) {
  const api = useApi();
  const { canWrite } = useAuth();
  const queryClient = useQueryClient();
  // the token last opened stays in the modal while it closes
  const [editing, setEditing] = useState<IdToken | undefined>();
  const [editOpen, setEditOpen] = useState(false);
  const toggle = useMutation({
    mutationFn: async ({ token, block }: { token: IdToken; block: boolean }) => {
      const params = { path: { type: token.type!, idToken: token.idToken! } };
      return block
        ? unwrap(await api.POST('/api/v1/id-tokens/{type}/{idToken}/block', { params }))
        : unwrap(await api.POST('/api/v1/id-tokens/{type}/{idToken}/unblock', { params }));
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['id-tokens'] }),
  });
  return (
    <>
      <ProblemAlert error={toggle.error} />
      <Table.ScrollContainer minWidth={760}>
        <Table striped highlightOnHover data-testid="tokens-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Token</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th>Status</Table.Th>
              {withCustomer && <Table.Th>Customer</Table.Th>}
              <Table.Th>Group</Table.Th>
              <Table.Th>Expires</Table.Th>
              <Table.Th>At once</Table.Th>
              <Table.Th>Changed</Table.Th>
              {canWrite && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tokens.map((token) => {
              const blocked = token.status === 'Blocked';
              const busy = toggle.isPending && toggle.variables?.token === token;
              return (
                <Table.Tr key={tokenKey(token)} data-token={token.idToken}>
                  <Table.Td ff="monospace">{token.idToken}</Table.Td>
                  <Table.Td>{token.type}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={token.status} />
                  </Table.Td>
                  {withCustomer && (
                    <Table.Td>
                      <CustomerLink customerId={token.customerId} />
                    </Table.Td>
                  )}
                  <Table.Td>{groupText(token) || '—'}</Table.Td>
                  <Table.Td>{formatDateTime(token.expiryDate)}</Table.Td>
                  <Table.Td>{token.maxActiveSessions ?? '—'}</Table.Td>
                  <Table.Td>{formatDateTime(token.updatedAt)}</Table.Td>
                  {canWrite && (
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Button
                          size="xs"
                          variant="subtle"
                          onClick={() => {
                            setEditing(token);
                            setEditOpen(true);
                          }}
                        >
                          Edit
                        </Button>
                        <Button
                          size="xs"
                          variant="light"
                          color={blocked ? 'green' : 'red'}
                          loading={busy}
                          onClick={() => toggle.mutate({ token, block: !blocked })}
                        >
                          {blocked ? 'Unblock' : 'Block'}
                        </Button>
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {tokens.length === 0 && <Text c="dimmed">No token matches.</Text>}
      {canWrite && editing && <TokenFormModal opened={editOpen} token={editing} onClose={() => setEditOpen(false)} />}
    </>
  );
}
