import { useState } from 'react';
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useApi } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';

/** A customer picked by name (searched on the API as one types); its value is the customer id. */
export function CustomerSelect({
  label = 'Customer',
  value,
  onChange,
  w,
  description,
}: {
  label?: string;
  value: string | null;
  onChange: (customerId: string | null) => void;
  w?: number;
  description?: string;
}) {
  const api = useApi();
  const [search, setSearch] = useState('');
  const [name] = useDebouncedValue(search, 250);
  const options = useQuery({
    queryKey: ['customers', 'options', name],
    placeholderData: keepPreviousData,
    queryFn: async () => unwrap(await api.GET('/api/v1/customers', { params: { query: { limit: 20, ...(name ? { name } : {}) } } })),
  });
  const selected = useQuery({
    queryKey: ['customer', value],
    enabled: !!value,
    retry: false,
    queryFn: async () => unwrap(await api.GET('/api/v1/customers/{id}', { params: { path: { id: value! } } })),
  });
  const data = (options.data?.items ?? []).map((c) => ({ value: c.id!, label: c.name ?? c.id! }));
  if (value && !data.some((d) => d.value === value)) data.unshift({ value, label: selected.data?.name ?? value });
  return (
    <Select
      label={label}
      description={description}
      placeholder="Search by name…"
      searchable
      clearable
      data={data}
      value={value}
      onChange={onChange}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={options.isFetching ? 'Searching…' : 'No customer'}
      w={w}
    />
  );
}
