/** The console's pages, in the order of the navigation. */
export const NAVIGATION = [
  { to: '/', label: 'Overview' },
  { to: '/stations', label: 'Stations' },
  { to: '/sessions', label: 'Sessions' },
  { to: '/cdrs', label: 'CDRs' },
  { to: '/tokens', label: 'Tokens' },
  { to: '/customers', label: 'Customers' },
  { to: '/tariffs', label: 'Tariffs' },
  { to: '/reports', label: 'Reports' },
  { to: '/sites', label: 'Sites & load' },
] as const;
