import { useState } from 'react';
import { Anchor, Button, Group, Modal, Table, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { useApi, useAuth } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';
import { PageTitle } from '../../components/page-title';
import { Pager } from '../../components/pager';
import { QueryState } from '../../components/query-state';
import { formatDateTime } from '../../util/format';
import { TariffForm, createBody, type TariffFields } from './tariff-form';
import { price } from './tariff-types';

const LIMIT = 25;

/** Every tariff in its latest version, searched by name; write keys create one (and land on its page). */
export function TariffsPage() {
  const api = useApi();
  const { canWrite } = useAuth();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [offset, setOffset] = useState(0);
  const [creating, setCreating] = useState(false);
  const query = name.trim() ? { name: name.trim() } : {};
  const tariffs = useQuery({
    queryKey: ['tariffs', query, offset],
    placeholderData: keepPreviousData,
    queryFn: async () => unwrap(await api.GET('/api/v1/tariffs', { params: { query: { ...query, limit: LIMIT, offset } } })),
  });
  const create = useMutation({
    mutationFn: async (fields: TariffFields) => unwrap(await api.POST('/api/v1/tariffs', { body: createBody(fields) })),
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: ['tariffs'] });
      setCreating(false);
      if (created.id) void navigate(`/tariffs/${encodeURIComponent(created.id)}`);
    },
  });
  return (
    <>
      <PageTitle
        actions={
          canWrite && (
            <Button
              onClick={() => {
                create.reset();
                setCreating(true);
              }}
              data-testid="create-tariff"
            >
              New tariff
            </Button>
          )
        }
      >
        Tariffs
      </PageTitle>
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
      <QueryState query={tariffs}>
        {(page) => (
          <>
            <Table.ScrollContainer minWidth={820}>
              <Table striped highlightOnHover data-testid="tariffs-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Version</Table.Th>
                    <Table.Th>Energy</Table.Th>
                    <Table.Th>Charging time</Table.Th>
                    <Table.Th>Idle time</Table.Th>
                    <Table.Th>Session fee</Table.Th>
                    <Table.Th>Tax</Table.Th>
                    <Table.Th>Bands</Table.Th>
                    <Table.Th>Valid from</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((t) => (
                    <Table.Tr key={t.id} data-tariff={t.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/tariffs/${encodeURIComponent(t.id!)}`}>
                          {t.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{t.version}</Table.Td>
                      <Table.Td>{price(t.energyPerKwh, t.currency, '/kWh')}</Table.Td>
                      <Table.Td>{price(t.chargingPerMinute, t.currency, '/min')}</Table.Td>
                      <Table.Td>{price(t.idlePerMinute, t.currency, '/min')}</Table.Td>
                      <Table.Td>{price(t.sessionFee, t.currency)}</Table.Td>
                      <Table.Td>{t.taxRatePercent !== undefined ? `${t.taxRatePercent} %` : '—'}</Table.Td>
                      <Table.Td>{t.bands?.length ? t.bands.map((b) => b.name).join(', ') : '—'}</Table.Td>
                      <Table.Td>{formatDateTime(t.validFrom)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {page.items.length === 0 && <Text c="dimmed">No tariff matches.</Text>}
            <Pager total={page.total} limit={page.limit} offset={page.offset} onOffset={setOffset} />
          </>
        )}
      </QueryState>
      {canWrite && (
        <Modal opened={creating} onClose={() => setCreating(false)} title="New tariff" size="xl">
          {creating && (
            <TariffForm
              submitLabel="Create tariff"
              onSubmit={(fields) => create.mutate(fields)}
              onCancel={() => setCreating(false)}
              pending={create.isPending}
              error={create.error}
            />
          )}
        </Modal>
      )}
    </>
  );
}
