import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OperatorApiSchemas } from '@voltlane/operator-api-client';
import { useApi, useAuth } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';
import { QueryState } from '../../components/query-state';
import { formatDateTime } from '../../util/format';
import { formatLimit } from './energy-format';
import { nodeName, type EnergyNode } from './site-tree';

type AddLimit = OperatorApiSchemas['AddEnergyLimitRequest'];

export interface LimitForm {
  nodeId: string;
  /** One number for all phases, or three (L1, L2, L3) separated by commas, slashes or spaces. */
  limitA: string;
  limitKw: string;
  /** datetime-local values (the browser's zone). */
  validFrom: string;
  validTo: string;
  origin: string;
}

const EMPTY: LimitForm = { nodeId: '', limitA: '', limitKw: '', validFrom: '', validTo: '', origin: '' };

function amps(text: string): number | null {
  const value = Number(text);
  return text !== '' && Number.isFinite(value) && value >= 0 && value <= 100_000 ? value : null;
}

/** The body of POST …/limits from the form, or what is wrong with it. */
export function limitBody(form: LimitForm): AddLimit | string {
  if (!form.nodeId) return 'Choose a node';
  const body: AddLimit = { nodeId: form.nodeId };
  const parts = form.limitA.trim() ? form.limitA.trim().split(/[\s,/;]+/) : [];
  if (parts.length === 1 || parts.length === 3) {
    const values = parts.map(amps);
    if (values.some((v) => v === null)) return 'A current is 0–100000 A';
    body.limitA = parts.length === 1 ? values[0]! : (values as number[]);
  } else if (parts.length > 0) return 'Give one current for all phases, or three (L1, L2, L3)';
  if (form.limitKw.trim()) {
    const kw = Number(form.limitKw);
    if (!Number.isFinite(kw) || kw < 0 || kw > 1_000_000) return 'The power is 0–1000000 kW';
    body.limitKw = kw;
  }
  if (body.limitA === undefined && body.limitKw === undefined) return 'Give a current (A) or a power (kW), or both';
  for (const key of ['validFrom', 'validTo'] as const) {
    if (!form[key]) continue;
    const at = new Date(form[key]);
    if (Number.isNaN(at.getTime())) return `${key === 'validFrom' ? 'From' : 'Until'} is no date and time`;
    body[key] = at.toISOString();
  }
  if (body.validFrom && body.validTo && body.validTo <= body.validFrom) return 'Until must be after from';
  if (form.origin.trim()) body.origin = form.origin.trim().slice(0, 64);
  return body;
}

function AddLimitForm({ siteId, nodes }: { siteId: string; nodes: readonly EnergyNode[] }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<LimitForm>({
    ...EMPTY,
    nodeId: nodes.find((n) => n.parentId === null)?.nodeId ?? nodes[0]?.nodeId ?? '',
  });
  const [invalid, setInvalid] = useState<string | undefined>();
  const add = useMutation({
    mutationFn: async (body: AddLimit) =>
      unwrap(await api.POST('/api/v1/energy/sites/{siteId}/limits', { params: { path: { siteId } }, body })),
    onSuccess: () => setForm((previous) => ({ ...EMPTY, nodeId: previous.nodeId })),
    // the site is re-planned: its limits, allocation and due time change
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['site', siteId] }),
  });
  const set = (patch: Partial<LimitForm>): void => setForm((previous) => ({ ...previous, ...patch }));
  return (
    <Card withBorder>
      <Title order={5} mb="xs">
        Add a limit
      </Title>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const body = limitBody(form);
          if (typeof body === 'string') {
            setInvalid(body);
            return;
          }
          setInvalid(undefined);
          add.mutate(body);
        }}
      >
        <Group align="end" wrap="wrap">
          <NativeSelect
            label="Node"
            data={nodes.map((n) => ({ value: n.nodeId, label: `${n.name || n.nodeId} (${n.kind})` }))}
            value={form.nodeId}
            onChange={(e) => set({ nodeId: e.currentTarget.value })}
            w={220}
          />
          <TextInput
            label="Current (A)"
            description="one for all phases, or L1, L2, L3"
            placeholder="63 or 63, 63, 40"
            value={form.limitA}
            onChange={(e) => set({ limitA: e.currentTarget.value })}
            w={170}
          />
          <TextInput
            label="Power (kW)"
            inputMode="decimal"
            value={form.limitKw}
            onChange={(e) => set({ limitKw: e.currentTarget.value })}
            w={110}
          />
          <TextInput
            type="datetime-local"
            label="From"
            description="empty: now"
            value={form.validFrom}
            onChange={(e) => set({ validFrom: e.currentTarget.value })}
            w={200}
          />
          <TextInput
            type="datetime-local"
            label="Until"
            description="empty: until cleared"
            value={form.validTo}
            onChange={(e) => set({ validTo: e.currentTarget.value })}
            w={200}
          />
          <TextInput
            label="Imposed by"
            placeholder="DSO"
            value={form.origin}
            onChange={(e) => set({ origin: e.currentTarget.value })}
            w={120}
          />
          <Button type="submit" loading={add.isPending}>
            Add limit
          </Button>
        </Group>
        {(invalid || add.isError) && (
          <Alert color="red" mt="sm" role="alert" title="Not added">
            {invalid ?? add.error?.message}
          </Alert>
        )}
      </form>
    </Card>
  );
}

/** External limits in force and ahead (API, topic, stations); add and clear for write keys. */
export function SiteLimits({ siteId, nodes }: { siteId: string; nodes: readonly EnergyNode[] | undefined }) {
  const api = useApi();
  const { canWrite } = useAuth();
  const queryClient = useQueryClient();
  const limits = useQuery({
    queryKey: ['site', siteId, 'limits'],
    queryFn: async () => unwrap(await api.GET('/api/v1/energy/sites/{siteId}/limits', { params: { path: { siteId } } })),
  });
  const clear = useMutation({
    mutationFn: async (limitId: string) =>
      unwrap(await api.DELETE('/api/v1/energy/sites/{siteId}/limits/{limitId}', { params: { path: { siteId, limitId } } })),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['site', siteId] }),
  });
  return (
    <Stack gap="sm">
      <QueryState query={limits}>
        {(list) =>
          list.length === 0 ? (
            <Text c="dimmed" size="sm">
              No external limit in force or ahead.
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={820}>
              <Table striped fz="sm" data-testid="site-limits">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Node</Table.Th>
                    <Table.Th>Limit</Table.Th>
                    <Table.Th>Source</Table.Th>
                    <Table.Th>From</Table.Th>
                    <Table.Th>Until</Table.Th>
                    <Table.Th>State</Table.Th>
                    {canWrite && <Table.Th />}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((l) => (
                    <Table.Tr key={l.limitId} data-limit={l.limitId}>
                      <Table.Td>{nodeName(nodes, l.nodeId)}</Table.Td>
                      <Table.Td>{formatLimit(l.limitA, l.limitKw)}</Table.Td>
                      <Table.Td>
                        {l.source}
                        {l.origin && ` (${l.origin})`}
                        {l.stationId && ` · ${l.stationId}${l.evseId !== null && l.evseId !== undefined ? `/${l.evseId}` : ''}`}
                      </Table.Td>
                      <Table.Td>{l.validFrom ? formatDateTime(l.validFrom) : 'now'}</Table.Td>
                      <Table.Td>{l.validTo ? formatDateTime(l.validTo) : 'until cleared'}</Table.Td>
                      <Table.Td>
                        <Badge color={l.inForce ? 'orange' : 'gray'} variant="light">
                          {l.inForce ? 'in force' : 'ahead'}
                        </Badge>
                      </Table.Td>
                      {canWrite && (
                        <Table.Td>
                          {l.source === 'station' ? (
                            <Text size="xs" c="dimmed" title="A station-reported limit ends when the station clears it">
                              station clears it
                            </Text>
                          ) : (
                            <Button
                              size="xs"
                              variant="light"
                              color="red"
                              onClick={() => clear.mutate(l.limitId)}
                              loading={clear.isPending && clear.variables === l.limitId}
                            >
                              Clear
                            </Button>
                          )}
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
      {clear.isError && (
        <Alert color="red" role="alert" title="Not cleared">
          {clear.error.message}
        </Alert>
      )}
      {canWrite && nodes && nodes.length > 0 && <AddLimitForm siteId={siteId} nodes={nodes} />}
    </Stack>
  );
}
