import { Anchor, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApi } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';

/** A link to a customer, named once its GET answers (its id until then, or if it is gone). */
export function CustomerLink({ customerId }: { customerId: string | null | undefined }) {
  const api = useApi();
  const customer = useQuery({
    queryKey: ['customer', customerId],
    enabled: !!customerId,
    retry: false,
    queryFn: async () => unwrap(await api.GET('/api/v1/customers/{id}', { params: { path: { id: customerId! } } })),
  });
  if (!customerId) return <Text span>—</Text>;
  return (
    <Anchor component={Link} to={`/customers/${encodeURIComponent(customerId)}`} data-customer={customerId}>
      {customer.data?.name ?? customerId}
    </Anchor>
  );
}
