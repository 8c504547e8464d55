import { useState } from 'react';
import { Anchor, Badge, Button, Card, Modal, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useApi, useAuth } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';
import { PageTitle } from '../../components/page-title';
import { QueryState } from '../../components/query-state';
import { formatDateTime } from '../../util/format';
import { ConfirmModal } from '../customers/confirm-modal';
import { TariffAssignments } from './tariff-assignments';
import { TariffForm, updateBody, type TariffFields } from './tariff-form';
import { price, type Tariff } from './tariff-types';
import { TariffVersions } from './tariff-versions';
import { Fact } from '../../components/fact';

/**
 * One tariff: its latest version (prices, bands, validity), a change (a new version, write keys),
 * its versions, its assignments (added and ended by write keys), and retiring it.
 */
export function TariffPage() {
  const { tariffId = '' } = useParams();
  const api = useApi();
  const { canWrite } = useAuth();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [retiring, setRetiring] = useState(false);
  const tariff = useQuery({
    queryKey: ['tariff', tariffId],
    queryFn: async () => unwrap(await api.GET('/api/v1/tariffs/{id}', { params: { path: { id: tariffId } } })),
  });
  const update = useMutation({
    mutationFn: async ({ current, fields }: { current: Tariff; fields: TariffFields }) =>
      unwrap(await api.PATCH('/api/v1/tariffs/{id}', { params: { path: { id: tariffId } }, body: updateBody(current, fields) })),
    onSuccess: (version) => {
      queryClient.setQueryData(['tariff', tariffId], version);
      void queryClient.invalidateQueries({ queryKey: ['tariff', tariffId] });
      void queryClient.invalidateQueries({ queryKey: ['tariffs'] });
      setEditing(false);
    },
  });
  const retire = useMutation({
    mutationFn: async () => unwrap(await api.DELETE('/api/v1/tariffs/{id}', { params: { path: { id: tariffId } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['tariff', tariffId] });
      void queryClient.invalidateQueries({ queryKey: ['tariffs'] });
      setRetiring(false);
    },
  });
  return (
    <>
      <PageTitle
        actions={
          canWrite &&
          tariff.isSuccess && (
            <>
              <Button
                onClick={() => {
                  update.reset();
                  setEditing(true);
                }}
                data-testid="edit-tariff"
              >
                Change prices
              </Button>
              <Button
                color="red"
                variant="light"
                onClick={() => {
                  retire.reset();
                  setRetiring(true);
                }}
                data-testid="retire-tariff"
              >
                Retire
              </Button>
            </>
          )
        }
      >
        <Anchor component={Link} to="/tariffs" size="sm" mr="xs">
          Tariffs /
        </Anchor>
        <span data-testid="tariff-name">{tariff.data?.name ?? tariffId}</span>
        {tariff.data?.version !== undefined && (
          <Badge ml="xs" variant="light" data-testid="tariff-version">
            v{tariff.data.version}
          </Badge>
        )}
      </PageTitle>
      {retire.isSuccess && (
        <Text c="dimmed" mb="sm" data-testid="retired">
          Retired: every assignment of it has ended.
        </Text>
      )}
      <QueryState query={tariff}>
        {(t) => (
          <Stack>
            <Card withBorder>
              <SimpleGrid cols={{ base: 2, sm: 4 }}>
                <Fact label="Per kWh" testId="price-energy">
                  {price(t.energyPerKwh, t.currency)}
                </Fact>
                <Fact label="Per charging minute" testId="price-charging">
                  {price(t.chargingPerMinute, t.currency)}
                </Fact>
                <Fact label="Per idle minute" testId="price-idle">
                  {price(t.idlePerMinute, t.currency)}
                  {t.idleGraceMinutes ? ` after ${t.idleGraceMinutes} free min` : ''}
                </Fact>
                <Fact label="Session fee" testId="price-session">
                  {price(t.sessionFee, t.currency)}
                </Fact>
                <Fact label="Tax rate">{t.taxRatePercent !== undefined ? `${t.taxRatePercent} %` : '—'}</Fact>
                <Fact label="Rounding">{t.rounding ?? '—'}</Fact>
                <Fact label="Time zone">{t.timeZone ?? '—'}</Fact>
                <Fact label="Valid">
                  {formatDateTime(t.validFrom)} – {t.validTo ? formatDateTime(t.validTo) : 'open'}
                </Fact>
              </SimpleGrid>
              <Text size="xs" c="dimmed" mt="sm">
                Net prices, tax excluded.
              </Text>
            </Card>
            {(t.bands?.length ?? 0) > 0 && (
              <>
                <Title order={4}>Time-of-day bands</Title>
                <Table.ScrollContainer minWidth={560}>
                  <Table striped data-testid="tariff-bands">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Band</Table.Th>
                        <Table.Th>From – to ({t.timeZone})</Table.Th>
                        <Table.Th>Per kWh</Table.Th>
                        <Table.Th>Per charging minute</Table.Th>
                        <Table.Th>Per idle minute</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {t.bands!.map((b) => (
                        <Table.Tr key={b.name}>
                          <Table.Td>{b.name}</Table.Td>
                          <Table.Td>
                            {b.from} – {b.to}
                          </Table.Td>
                          <Table.Td>{b.energyPerKwh ? price(b.energyPerKwh, t.currency) : 'base'}</Table.Td>
                          <Table.Td>{b.chargingPerMinute ? price(b.chargingPerMinute, t.currency) : 'base'}</Table.Td>
                          <Table.Td>{b.idlePerMinute ? price(b.idlePerMinute, t.currency) : 'base'}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </>
            )}
            <Title order={4}>Assignments</Title>
            <TariffAssignments tariffId={tariffId} />
            <Title order={4}>Versions</Title>
            <TariffVersions tariffId={tariffId} />
          </Stack>
        )}
      </QueryState>
      {canWrite && tariff.data && (
        <>
          <Modal opened={editing} onClose={() => setEditing(false)} title={`Change ${tariff.data.name}`} size="xl">
            {editing && (
              <>
                <Text size="sm" c="dimmed" mb="sm">
                  Saving stores version {(tariff.data.version ?? 0) + 1}; sessions already priced keep the version their CDR names.
                </Text>
                <TariffForm
                  tariff={tariff.data}
                  submitLabel="Save as a new version"
                  onSubmit={(fields) => update.mutate({ current: tariff.data, fields })}
                  onCancel={() => setEditing(false)}
                  pending={update.isPending}
                  error={update.error}
                />
              </>
            )}
          </Modal>
          <ConfirmModal
            opened={retiring}
            onClose={() => setRetiring(false)}
            title="Retire the tariff?"
            confirmLabel="Retire tariff"
            onConfirm={() => retire.mutate()}
            pending={retire.isPending}
            error={retire.error}
          >
            Every assignment of {tariff.data.name} ends now: new sessions are no longer priced with it. Its versions and the CDRs that name
            them stay.
          </ConfirmModal>
        </>
      )}
    </>
  );
}
