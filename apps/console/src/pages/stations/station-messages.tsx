import { Fragment, useState } from 'react';
import { Badge, Button, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { OperatorApiSchemas } from '@voltlane/operator-api-client';
import { useApi } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';
import { JsonBlock } from '../../components/json-block';
import { QueryState } from '../../components/query-state';
import { formatTime } from '../../util/format';

type MessagesPage = OperatorApiSchemas['GetStationMessagesResponse'];

const WINDOWS: Record<string, number> = { '15 min': 15, '1 hour': 60, '6 hours': 360, '24 hours': 1_440, '7 days': 10_080 };

/** Every frame in and out of a station in a time window, oldest first, searchable by action and message id. */
export function StationMessages({ stationId }: { stationId: string }) {
  const api = useApi();
  const [action, setAction] = useState('');
  const [messageId, setMessageId] = useState('');
  const [direction, setDirection] = useState<string | null>(null);
  const [windowLabel, setWindowLabel] = useState('1 hour');
  const [open, setOpen] = useState<string | null>(null);
  // The window ends when it is chosen (or refreshed): paging keeps it fixed.
  const [to, setTo] = useState(() => new Date());
  const from = new Date(to.getTime() - WINDOWS[windowLabel] * 60_000);
  const filters = { action: action.trim(), messageId: messageId.trim(), direction, from: from.toISOString(), to: to.toISOString() };
  const messages = useInfiniteQuery<MessagesPage, Error, { pages: MessagesPage[] }, unknown[], string | undefined>({
    queryKey: ['station', stationId, 'messages', filters],
    initialPageParam: undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    queryFn: async ({ pageParam }): Promise<MessagesPage> =>
      unwrap(
        await api.GET('/api/v1/stations/{id}/messages', {
          params: {
            path: { id: stationId },
            query: {
              from: filters.from,
              to: filters.to,
              limit: 200,
              ...(filters.action ? { action: filters.action } : {}),
              ...(filters.messageId ? { messageId: filters.messageId } : {}),
              ...(filters.direction ? { direction: filters.direction as 'in' | 'out' } : {}),
              ...(pageParam ? { after: pageParam } : {}),
            },
          },
        }),
      ),
  });
  return (
    <>
      <Group mb="md" align="end" wrap="wrap">
        <TextInput label="Action" placeholder="e.g. StartTransaction" value={action} onChange={(e) => setAction(e.currentTarget.value)} />
        <TextInput label="Message id" value={messageId} onChange={(e) => setMessageId(e.currentTarget.value)} />
        <Select
          label="Direction"
          clearable
          data={[
            { value: 'in', label: 'from the station' },
            { value: 'out', label: 'to the station' },
          ]}
          value={direction}
          onChange={setDirection}
          w={170}
        />
        <Select
          label="Last"
          data={Object.keys(WINDOWS)}
          value={windowLabel}
          onChange={(value) => value && setWindowLabel(value)}
          w={120}
          allowDeselect={false}
        />
        <Button variant="light" onClick={() => setTo(new Date())}>
          Refresh
        </Button>
      </Group>
      <QueryState query={messages}>
        {(data) => {
          const frames = data.pages.flatMap((page) => page.items);
          return (
            <>
              <Table.ScrollContainer minWidth={720}>
                <Table striped highlightOnHover data-testid="message-log">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>At</Table.Th>
                      <Table.Th>Direction</Table.Th>
                      <Table.Th>Type</Table.Th>
                      <Table.Th>Action</Table.Th>
                      <Table.Th>Message id</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {frames.map((frame, index) => {
                      const key = `${index}`;
                      return (
                        <Fragment key={key}>
                          <Table.Tr
                            style={{ cursor: 'pointer' }}
                            onClick={() => setOpen(open === key ? null : key)}
                            data-action={frame.action ?? ''}
                            data-message-type={frame.messageType}
                          >
                            <Table.Td>{formatTime(frame.at)}</Table.Td>
                            <Table.Td>
                              <Badge variant="light" color={frame.direction === 'in' ? 'blue' : 'grape'}>
                                {frame.direction === 'in' ? 'station →' : '→ station'}
                              </Badge>
                            </Table.Td>
                            <Table.Td>{frame.messageType}</Table.Td>
                            <Table.Td>{frame.action ?? '—'}</Table.Td>
                            <Table.Td>
                              <Text size="xs" ff="monospace">
                                {frame.messageId}
                              </Text>
                            </Table.Td>
                          </Table.Tr>
                          {open === key && (
                            <Table.Tr>
                              <Table.Td colSpan={5}>
                                <JsonBlock value={frame.frame} />
                                {frame.truncated && <Text size="xs">(truncated: the frame was larger than the log keeps)</Text>}
                              </Table.Td>
                            </Table.Tr>
                          )}
                        </Fragment>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              {frames.length === 0 && <Text c="dimmed">No frame in this window.</Text>}
              {messages.hasNextPage && (
                <Button variant="subtle" mt="sm" loading={messages.isFetchingNextPage} onClick={() => void messages.fetchNextPage()}>
                  Later frames
                </Button>
              )}
            </>
          );
        }}
      </QueryState>
    </>
  );
}
