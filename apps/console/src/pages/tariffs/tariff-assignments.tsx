import { useState } from 'react';
import { Anchor, Badge, Button, Fieldset, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApi, useAuth } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';
import { QueryState } from '../../components/query-state';
import { formatDateTime } from '../../util/format';
import { fromLocalInput } from '../tokens/datetime-local';
import { ProblemAlert } from '../tokens/problem-alert';
import type { AssignTariffBody, TariffAssignment } from './tariff-types';

type Scope = AssignTariffBody['scope'];

const SCOPES: Array<{ value: Scope; label: string }> = [
  { value: 'default', label: 'Default (every station)' },
  { value: 'station', label: 'One station' },
  { value: 'customerGroup', label: 'A customer group' },
];

/** Whether an assignment is in force at `now`, ended, or still to come. */
export function assignmentState(a: TariffAssignment, now = Date.now()): 'future' | 'active' | 'ended' {
  if (a.validFrom && Date.parse(a.validFrom) > now) return 'future';
  if (a.validTo && Date.parse(a.validTo) <= now) return 'ended';
  return 'active';
}

const STATE_COLORS = { future: 'grape', active: 'green', ended: 'gray' } as const;

/** The assignments of a tariff (past, in force, to come); write keys add one and end one. */
export function TariffAssignments({ tariffId }: { tariffId: string }) {
  const api = useApi();
  const { canWrite } = useAuth();
  const queryClient = useQueryClient();
  const assignments = useQuery({
    queryKey: ['tariff', tariffId, 'assignments'],
    queryFn: async () => unwrap(await api.GET('/api/v1/tariffs/{id}/assignments', { params: { path: { id: tariffId } } })),
  });
  const end = useMutation({
    mutationFn: async (assignmentId: string) =>
      unwrap(await api.DELETE('/api/v1/tariffs/{id}/assignments/{assignmentId}', { params: { path: { id: tariffId, assignmentId } } })),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['tariff', tariffId, 'assignments'] }),
  });
  return (
    <>
      {canWrite && <AssignForm tariffId={tariffId} />}
      <ProblemAlert error={end.error} title="Not ended" />
      <QueryState query={assignments}>
        {(list) =>
          list.length === 0 ? (
            <Text c="dimmed">Not assigned: no session is priced with this tariff.</Text>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table striped data-testid="tariff-assignments">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Scope</Table.Th>
                    <Table.Th>Applies to</Table.Th>
                    <Table.Th>From</Table.Th>
                    <Table.Th>Until</Table.Th>
                    <Table.Th>State</Table.Th>
                    {canWrite && <Table.Th />}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((a) => {
                    const state = assignmentState(a);
                    return (
                      <Table.Tr key={a.id} data-assignment={a.id}>
                        <Table.Td>{a.scope}</Table.Td>
                        <Table.Td>
                          {a.scope === 'station' && a.stationId ? (
                            <Anchor component={Link} to={`/stations/${encodeURIComponent(a.stationId)}`}>
                              {a.stationId}
                            </Anchor>
                          ) : a.scope === 'customerGroup' ? (
                            a.customerGroup
                          ) : (
                            'every station'
                          )}
                        </Table.Td>
                        <Table.Td>{formatDateTime(a.validFrom)}</Table.Td>
                        <Table.Td>{a.validTo ? formatDateTime(a.validTo) : 'open-ended'}</Table.Td>
                        <Table.Td>
                          <Badge variant="light" color={STATE_COLORS[state]}>
                            {state}
                          </Badge>
                        </Table.Td>
                        {canWrite && (
                          <Table.Td>
                            {state !== 'ended' && (
                              <Button
                                size="xs"
                                variant="light"
                                color="red"
                                loading={end.isPending && end.variables === a.id}
                                onClick={() => end.mutate(a.id!)}
                              >
                                {state === 'future' ? 'Remove' : 'End now'}
                              </Button>
                            )}
                          </Table.Td>
                        )}
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
    </>
  );
}

function AssignForm({ tariffId }: { tariffId: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [scope, setScope] = useState<Scope>('station');
  const [target, setTarget] = useState('');
  const [validFrom, setValidFrom] = useState('');
  const [validTo, setValidTo] = useState('');
  const [invalid, setInvalid] = useState<string | undefined>();
  const assign = useMutation({
    mutationFn: async (body: AssignTariffBody) =>
      unwrap(await api.POST('/api/v1/tariffs/{id}/assignments', { params: { path: { id: tariffId } }, body })),
    onSuccess: () => {
      setTarget('');
      setValidFrom('');
      setValidTo('');
      void queryClient.invalidateQueries({ queryKey: ['tariff', tariffId, 'assignments'] });
    },
  });
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (scope !== 'default' && !target.trim()) return setInvalid('Required for this scope');
        setInvalid(undefined);
        const from = fromLocalInput(validFrom);
        const to = fromLocalInput(validTo);
        assign.mutate({
          scope,
          ...(scope === 'station' ? { stationId: target.trim() } : {}),
          ...(scope === 'customerGroup' ? { customerGroup: target.trim() } : {}),
          ...(from ? { validFrom: from } : {}),
          ...(to ? { validTo: to } : {}),
        });
      }}
    >
      <Fieldset legend="Assign" mb="md">
        <ProblemAlert error={assign.error} title="Not assigned" />
        <Group align="start" wrap="wrap" mt={assign.error ? 'sm' : 0}>
          <Select label="Scope" data={SCOPES} allowDeselect={false} value={scope} onChange={(value) => value && setScope(value)} w={210} />
          {scope !== 'default' && (
            <TextInput
              label={scope === 'station' ? 'Station id' : 'Customer group'}
              required
              maxLength={scope === 'station' ? 48 : 100}
              value={target}
              error={invalid}
              onChange={(e) => setTarget(e.currentTarget.value)}
              w={200}
            />
          )}
          <TextInput
            label="From"
            description="Empty: now"
            type="datetime-local"
            value={validFrom}
            onChange={(e) => setValidFrom(e.currentTarget.value)}
          />
          <TextInput
            label="Until"
            description="Exclusive; empty: open-ended"
            type="datetime-local"
            value={validTo}
            onChange={(e) => setValidTo(e.currentTarget.value)}
          />
          <Button type="submit" mt={24} loading={assign.isPending}>
            Assign
          </Button>
        </Group>
        <Text size="xs" c="dimmed" mt="xs">
          Precedence: customer group, then station, then default.
        </Text>
      </Fieldset>
    </form>
  );
}
