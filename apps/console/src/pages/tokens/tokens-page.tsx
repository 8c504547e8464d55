import { useState } from 'react';
import { Autocomplete, Button, Group, Select, TextInput } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useApi, useAuth } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';
import { PageTitle } from '../../components/page-title';
import { Pager } from '../../components/pager';
import { QueryState } from '../../components/query-state';
import { downloadText, toCsv } from '../../util/csv';
import { CustomerSelect } from '../customers/customer-select';
import { collectPages } from '../../util/collect-pages';
import { ProblemAlert } from './problem-alert';
import { TokenFormModal } from './token-form';
import { TokenTable } from './token-table';
import { TOKEN_STATUSES, TOKEN_TYPES, groupText, type IdToken, type TokenStatus } from './token-types';
import { usePagedFilters } from '../../hooks/use-paged-filters';

const LIMIT = 25;

export interface TokenFilters {
  idToken: string;
  type: string;
  status: string | null;
  customerId: string | null;
  groupIdToken: string;
  expired: string | null;
}

/** The query of GET /api/v1/id-tokens for `filters` (empty ones left out). */
export function tokenQuery(filters: TokenFilters) {
  return {
    ...(filters.idToken.trim() ? { idToken: filters.idToken.trim() } : {}),
    ...(filters.type.trim() ? { type: filters.type.trim() } : {}),
    ...(filters.status ? { status: filters.status as TokenStatus } : {}),
    ...(filters.customerId ? { customerId: filters.customerId } : {}),
    ...(filters.groupIdToken.trim() ? { groupIdToken: filters.groupIdToken.trim() } : {}),
    ...(filters.expired ? { expired: filters.expired === 'expired' } : {}),
  };
}

const CSV_COLUMNS: Array<{ header: string; value(token: IdToken): unknown }> = [
  { header: 'idToken', value: (t) => t.idToken },
  { header: 'type', value: (t) => t.type },
  { header: 'status', value: (t) => t.status },
  { header: 'customerId', value: (t) => t.customerId },
  { header: 'groupIdToken', value: (t) => groupText(t) },
  { header: 'expiryDate', value: (t) => t.expiryDate },
  { header: 'maxActiveSessions', value: (t) => t.maxActiveSessions },
  { header: 'updatedAt', value: (t) => t.updatedAt },
];

/** Every id token, filtered (value, type, status, customer, group, expiry); write keys create, change, block and unblock. */
export function TokensPage() {
  const api = useApi();
  const { canWrite } = useAuth();
  const [search] = useSearchParams();
  const { filters, set, offset, setOffset } = usePagedFilters<TokenFilters>(() => ({
    idToken: search.get('idToken') ?? '',
    type: search.get('type') ?? '',
    status: search.get('status'),
    customerId: search.get('customerId'),
    groupIdToken: search.get('groupIdToken') ?? '',
    expired: null,
  }));
  const [creating, setCreating] = useState(false);
  const query = tokenQuery(filters);
  const tokens = useQuery({
    queryKey: ['id-tokens', query, offset],
    placeholderData: keepPreviousData,
    queryFn: async () => unwrap(await api.GET('/api/v1/id-tokens', { params: { query: { ...query, limit: LIMIT, offset } } })),
  });
  const exportCsv = useMutation({
    mutationFn: async () => {
      const { items: all } = await collectPages(async (from, limit) =>
        unwrap(await api.GET('/api/v1/id-tokens', { params: { query: { ...query, limit, offset: from } } })),
      );
      downloadText('id-tokens.csv', toCsv(all, CSV_COLUMNS));
      return all.length;
    },
  });
  return (
    <>
      <PageTitle
        actions={
          <>
            <Button variant="default" loading={exportCsv.isPending} onClick={() => exportCsv.mutate()} data-testid="export-tokens">
              Export CSV
            </Button>
            {canWrite && (
              <Button onClick={() => setCreating(true)} data-testid="create-token">
                New token
              </Button>
            )}
          </>
        }
      >
        Id tokens
      </PageTitle>
      <ProblemAlert error={exportCsv.error} title="Not exported" />
      <Group mb="md" align="end" wrap="wrap">
        <TextInput
          label="Token value"
          placeholder="exact value"
          value={filters.idToken}
          onChange={(e) => set({ idToken: e.currentTarget.value })}
          w={170}
        />
        <Autocomplete label="Type" data={TOKEN_TYPES} value={filters.type} onChange={(type) => set({ type })} clearable w={150} />
        <Select label="Status" clearable data={TOKEN_STATUSES} value={filters.status} onChange={(status) => set({ status })} w={130} />
        <CustomerSelect value={filters.customerId} onChange={(customerId) => set({ customerId })} w={200} />
        <TextInput
          label="Group"
          placeholder="group token value"
          value={filters.groupIdToken}
          onChange={(e) => set({ groupIdToken: e.currentTarget.value })}
          w={170}
        />
        <Select
          label="Expiry"
          clearable
          data={[
            { value: 'expired', label: 'expired' },
            { value: 'valid', label: 'not expired' },
          ]}
          value={filters.expired}
          onChange={(expired) => set({ expired })}
          w={140}
        />
      </Group>
      <QueryState query={tokens}>
        {(page) => (
          <>
            <TokenTable tokens={page.items} />
            <Pager total={page.total} limit={page.limit} offset={page.offset} onOffset={setOffset} />
          </>
        )}
      </QueryState>
      {canWrite && <TokenFormModal opened={creating} onClose={() => setCreating(false)} customerId={filters.customerId} />}
    </>
  );
}
