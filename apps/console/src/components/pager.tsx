import { Group, Pagination, Text } from '@mantine/core';

/** Offset pages of a list answer ({ total, limit, offset }). */
export function Pager({
  total,
  limit,
  offset,
  onOffset,
}: {
  total: number;
  limit: number;
  offset: number;
  onOffset: (offset: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(total / limit));
  return (
    <Group justify="space-between" mt="sm">
      <Text size="sm" c="dimmed" data-testid="list-total">
        {total} in all
      </Text>
      {pages > 1 && (
        <Pagination size="sm" total={pages} value={Math.floor(offset / limit) + 1} onChange={(page) => onOffset((page - 1) * limit)} />
      )}
    </Group>
  );
}
