import { useState } from 'react';
import { Anchor, Button, Group, Table, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import type { OperatorApiSchemas } from '@voltlane/operator-api-client';
import { useApi, useAuth } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';
import { PageTitle } from '../../components/page-title';
import { Pager } from '../../components/pager';
import { QueryState } from '../../components/query-state';
import { downloadText, toCsv } from '../../util/csv';
import { formatDateTime } from '../../util/format';
import { collectPages } from '../../util/collect-pages';
import { ProblemAlert } from '../tokens/problem-alert';
import { CustomerNameModal } from './customer-name-modal';

const LIMIT = 25;

type Customer = OperatorApiSchemas['ListCustomersResponse']['items'][number];

const CSV_COLUMNS: Array<{ header: string; value(customer: Customer): unknown }> = [
  { header: 'id', value: (c) => c.id },
  { header: 'name', value: (c) => c.name },
  { header: 'createdAt', value: (c) => c.createdAt },
  { header: 'updatedAt', value: (c) => c.updatedAt },
];

/** Every customer, searched by name; write keys create one (and land on its page). */
export function CustomersPage() {
  const api = useApi();
  const { canWrite } = useAuth();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [offset, setOffset] = useState(0);
  const [creating, setCreating] = useState(false);
  const query = name.trim() ? { name: name.trim() } : {};
  const customers = useQuery({
    queryKey: ['customers', query, offset],
    placeholderData: keepPreviousData,
    queryFn: async () => unwrap(await api.GET('/api/v1/customers', { params: { query: { ...query, limit: LIMIT, offset } } })),
  });
  const create = useMutation({
    mutationFn: async (customerName: string) => unwrap(await api.POST('/api/v1/customers', { body: { name: customerName } })),
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: ['customers'] });
      setCreating(false);
      if (created.id) void navigate(`/customers/${encodeURIComponent(created.id)}`);
    },
  });
  const exportCsv = useMutation({
    mutationFn: async () => {
      const { items: all } = await collectPages(async (from, limit) =>
        unwrap(await api.GET('/api/v1/customers', { params: { query: { ...query, limit, offset: from } } })),
      );
      downloadText('customers.csv', toCsv(all, CSV_COLUMNS));
    },
  });
  return (
    <>
      <PageTitle
        actions={
          <>
            <Button variant="default" loading={exportCsv.isPending} onClick={() => exportCsv.mutate()} data-testid="export-customers">
              Export CSV
            </Button>
            {canWrite && (
              <Button
                onClick={() => {
                  create.reset();
                  setCreating(true);
                }}
                data-testid="create-customer"
              >
                New customer
              </Button>
            )}
          </>
        }
      >
        Customers
      </PageTitle>
      <ProblemAlert error={exportCsv.error} title="Not exported" />
      <Group mb="md" align="end">
        <TextInput
          label="Name"
          placeholder="part of the name"
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            setOffset(0);
          }}
          w={240}
        />
      </Group>
      <QueryState query={customers}>
        {(page) => (
          <>
            <Table.ScrollContainer minWidth={560}>
              <Table striped highlightOnHover data-testid="customers-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Id</Table.Th>
                    <Table.Th>Created</Table.Th>
                    <Table.Th>Changed</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((c) => (
                    <Table.Tr key={c.id} data-customer={c.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/customers/${encodeURIComponent(c.id!)}`}>
                          {c.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td ff="monospace" fz="xs">
                        {c.id}
                      </Table.Td>
                      <Table.Td>{formatDateTime(c.createdAt)}</Table.Td>
                      <Table.Td>{formatDateTime(c.updatedAt)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {page.items.length === 0 && <Text c="dimmed">No customer matches.</Text>}
            <Pager total={page.total} limit={page.limit} offset={page.offset} onOffset={setOffset} />
          </>
        )}
      </QueryState>
      {canWrite && (
        <CustomerNameModal
          opened={creating}
          onClose={() => setCreating(false)}
          title="New customer"
          submitLabel="Create customer"
          onSubmit={(customerName) => create.mutate(customerName)}
          pending={create.isPending}
          error={create.error}
        />
      )}
    </>
  );
}
