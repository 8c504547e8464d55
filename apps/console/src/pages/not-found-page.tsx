import { Alert, Anchor } from '@mantine/core';
import { Link, useLocation } from 'react-router';

export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <Alert color="yellow" title="No such page">
      The console has no page at {pathname}.{' '}
      <Anchor component={Link} to="/">
        Overview
      </Anchor>
    </Alert>
  );
}
