import { useState } from 'react';
import { Alert, Button, Group, NativeSelect, Stack, Table, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi, useAuth } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';
import { JsonBlock } from '../../components/json-block';
import { QueryState } from '../../components/query-state';
import { formatDateTime } from '../../util/format';
import { CommandAnswer } from './command-answer';
import { commandPresets } from './command-presets';

/** Send any CSMS→station command (presets per version, the payload editable) and see the station's own answer. */
export function StationCommands({
  stationId,
  protocol,
  online,
}: {
  stationId: string;
  protocol: string | null | undefined;
  online: boolean;
}) {
  const api = useApi();
  const { canWrite } = useAuth();
  const queryClient = useQueryClient();
  const presets = commandPresets(protocol);
  const [action, setAction] = useState(presets[0].action);
  const [payload, setPayload] = useState(JSON.stringify(presets[0].payload, null, 2));
  const [invalid, setInvalid] = useState<string | undefined>();
  const history = useQuery({
    queryKey: ['station', stationId, 'commands'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/stations/{id}/commands', { params: { path: { id: stationId }, query: { limit: 20 } } })),
  });
  const send = useMutation({
    mutationFn: async (body: Record<string, unknown>) =>
      unwrap(
        await api.POST('/api/v1/stations/{id}/ocpp/{action}', {
          params: { path: { id: stationId, action } },
          body: body as never,
        }),
      ),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['station', stationId] }),
  });
  return (
    <Stack>
      {canWrite ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            let body: unknown;
            try {
              body = JSON.parse(payload);
            } catch (error) {
              setInvalid(`The payload is not JSON: ${(error as Error).message}`);
              return;
            }
            setInvalid(undefined);
            send.mutate(body as Record<string, unknown>);
          }}
        >
          <Stack gap="sm">
            {!online && <Alert color="yellow">The station is offline: a command will be refused until it connects.</Alert>}
            <NativeSelect
              label="Command"
              data={presets.map((p) => ({ value: p.action, label: `${p.label} (${p.action})` }))}
              value={action}
              onChange={(event) => {
                const preset = presets.find((p) => p.action === event.currentTarget.value);
                if (!preset) return;
                setAction(preset.action);
                setPayload(JSON.stringify(preset.payload, null, 2));
                send.reset();
              }}
            />
            <Textarea
              label="Payload (the official OCPP request)"
              autosize
              minRows={4}
              styles={{ input: { fontFamily: 'monospace' } }}
              value={payload}
              onChange={(e) => setPayload(e.currentTarget.value)}
              error={invalid}
            />
            <Group>
              <Button type="submit" loading={send.isPending}>
                Send {action}
              </Button>
            </Group>
            <CommandAnswer mutation={send} />
          </Stack>
        </form>
      ) : (
        <Alert color="gray">This API key may read only: commands need a write key.</Alert>
      )}
      <Title order={4}>Recorded answers (firmware, diagnostics, logs, reset, certificates; every frame is in the message log)</Title>
      <QueryState query={history}>
        {(page) => (
          <Table.ScrollContainer minWidth={640}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Sent</Table.Th>
                  <Table.Th>Action</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Answer</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page.items.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>{formatDateTime(c.sentAt)}</Table.Td>
                    <Table.Td>{c.action}</Table.Td>
                    <Table.Td>{c.status ?? '—'}</Table.Td>
                    <Table.Td>{c.response ? <JsonBlock value={c.response} maxHeight={120} /> : '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
    </Stack>
  );
}
