import { AppShell, Badge, Burger, Button, Group, NavLink, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { NavLink as RouterLink, Outlet, useLocation } from 'react-router';
import { useAuth } from '../auth/auth-context';
import { LiveIndicator } from './live-indicator';
import { NAVIGATION } from './navigation';

/** Header (live state, key scope, sign-out) and navigation; a burger menu on narrow screens (tablets, phones). */
export function Shell() {
  const [opened, { toggle, close }] = useDisclosure();
  const { scope, signOut } = useAuth();
  const { pathname } = useLocation();
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 210, breakpoint: 'md', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="md" size="sm" aria-label="Menu" />
            <Title order={4}>Voltlane</Title>
            <LiveIndicator />
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Badge variant="light" data-testid="key-scope">
              {scope} key
            </Badge>
            <Button variant="subtle" size="xs" onClick={signOut}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Pages">
        {NAVIGATION.map((item) => (
          <NavLink
            key={item.to}
            component={RouterLink}
            to={item.to}
            label={item.label}
            onClick={close}
            active={item.to === '/' ? pathname === '/' : pathname.startsWith(item.to)}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
