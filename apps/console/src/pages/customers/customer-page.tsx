import { useState } from 'react';
import { Anchor, Button, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { useApi, useAuth } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';
import { PageTitle } from '../../components/page-title';
import { QueryState } from '../../components/query-state';
import { formatDateTime } from '../../util/format';
import { ConfirmModal } from './confirm-modal';
import { CustomerCdrs } from './customer-cdrs';
import { CustomerNameModal } from './customer-name-modal';
import { CustomerTokens } from './customer-tokens';
import { Fact } from '../../components/fact';

/** One customer: its name (renamed and deleted by write keys), its id tokens and the CDRs of its sessions. */
export function CustomerPage() {
  const { customerId = '' } = useParams();
  const api = useApi();
  const { canWrite } = useAuth();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [renaming, setRenaming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const customer = useQuery({
    queryKey: ['customer', customerId],
    queryFn: async () => unwrap(await api.GET('/api/v1/customers/{id}', { params: { path: { id: customerId } } })),
  });
  const rename = useMutation({
    mutationFn: async (name: string) =>
      unwrap(await api.PATCH('/api/v1/customers/{id}', { params: { path: { id: customerId } }, body: { name } })),
    onSuccess: (updated) => {
      queryClient.setQueryData(['customer', customerId], updated);
      void queryClient.invalidateQueries({ queryKey: ['customers'] });
      setRenaming(false);
    },
  });
  const remove = useMutation({
    mutationFn: async () => unwrap(await api.DELETE('/api/v1/customers/{id}', { params: { path: { id: customerId } } })),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: ['customer', customerId] });
      void queryClient.invalidateQueries({ queryKey: ['customers'] });
      void queryClient.invalidateQueries({ queryKey: ['id-tokens'] });
      void navigate('/customers');
    },
  });
  return (
    <>
      <PageTitle
        actions={
          canWrite &&
          customer.isSuccess && (
            <>
              <Button
                variant="default"
                onClick={() => {
                  rename.reset();
                  setRenaming(true);
                }}
              >
                Rename
              </Button>
              <Button
                color="red"
                variant="light"
                onClick={() => {
                  remove.reset();
                  setDeleting(true);
                }}
              >
                Delete
              </Button>
            </>
          )
        }
      >
        <Anchor component={Link} to="/customers" size="sm" mr="xs">
          Customers /
        </Anchor>
        <span data-testid="customer-name">{customer.data?.name ?? customerId}</span>
      </PageTitle>
      <QueryState query={customer}>
        {(c) => (
          <Stack>
            <Card withBorder>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <Fact label="Id">
                  <Text span ff="monospace" size="sm">
                    {c.id}
                  </Text>
                </Fact>
                <Fact label="Created">{formatDateTime(c.createdAt)}</Fact>
                <Fact label="Changed">{formatDateTime(c.updatedAt)}</Fact>
              </SimpleGrid>
            </Card>
            <Title order={4}>Id tokens</Title>
            <CustomerTokens customerId={customerId} />
            <Title order={4}>Charge detail records</Title>
            <CustomerCdrs customerId={customerId} />
          </Stack>
        )}
      </QueryState>
      {canWrite && customer.data && (
        <>
          <CustomerNameModal
            opened={renaming}
            onClose={() => setRenaming(false)}
            title="Rename the customer"
            initialName={customer.data.name}
            submitLabel="Save"
            onSubmit={(name) => rename.mutate(name)}
            pending={rename.isPending}
            error={rename.error}
          />
          <ConfirmModal
            opened={deleting}
            onClose={() => setDeleting(false)}
            title="Delete the customer?"
            confirmLabel="Delete customer and tokens"
            onConfirm={() => remove.mutate()}
            pending={remove.isPending}
            error={remove.error}
          >
            {customer.data.name} will be deleted together with all its id tokens (they are published as deleted). This cannot be undone.
          </ConfirmModal>
        </>
      )}
    </>
  );
}
