import { lazy, Suspense, type ComponentType } from 'react';
import { Center, Loader } from '@mantine/core';
import { Route, Routes } from 'react-router';
import { Shell } from './layout/shell';
import { OverviewPage } from './pages/overview/overview-page';
import { NotFoundPage } from './pages/not-found-page';

/** A page loaded when first opened (its own chunk: the charts and forms stay out of the first load). */
function lazyPage(load: () => Promise<ComponentType>): ComponentType {
  const Page = lazy(async () => ({ default: await load() }));
  return function LazyPage() {
    return (
      <Suspense
        fallback={
          <Center p="lg">
            <Loader size="sm" aria-label="Loading the page" />
          </Center>
        }
      >
        <Page />
      </Suspense>
    );
  };
}

const StationsPage = lazyPage(() => import('./pages/stations/stations-page').then((m) => m.StationsPage));
const StationPage = lazyPage(() => import('./pages/stations/station-page').then((m) => m.StationPage));
const SessionsPage = lazyPage(() => import('./pages/sessions/sessions-page').then((m) => m.SessionsPage));
const SessionPage = lazyPage(() => import('./pages/sessions/session-page').then((m) => m.SessionPage));
const CdrsPage = lazyPage(() => import('./pages/cdrs/cdrs-page').then((m) => m.CdrsPage));
const CdrPage = lazyPage(() => import('./pages/cdrs/cdr-page').then((m) => m.CdrPage));
const TokensPage = lazyPage(() => import('./pages/tokens/tokens-page').then((m) => m.TokensPage));
const CustomersPage = lazyPage(() => import('./pages/customers/customers-page').then((m) => m.CustomersPage));
const CustomerPage = lazyPage(() => import('./pages/customers/customer-page').then((m) => m.CustomerPage));
const TariffsPage = lazyPage(() => import('./pages/tariffs/tariffs-page').then((m) => m.TariffsPage));
const TariffPage = lazyPage(() => import('./pages/tariffs/tariff-page').then((m) => m.TariffPage));
const ReportsPage = lazyPage(() => import('./pages/reports/reports-page').then((m) => m.ReportsPage));
const SitesPage = lazyPage(() => import('./pages/sites/sites-page').then((m) => m.SitesPage));
const SitePage = lazyPage(() => import('./pages/sites/site-page').then((m) => m.SitePage));

/** Every page of the console, inside the shell; the overview comes with the first load, the rest on demand. */
export function ConsoleRoutes() {
  return (
    <Routes>
      <Route element={<Shell />}>
        <Route index element={<OverviewPage />} />
        <Route path="stations" element={<StationsPage />} />
        <Route path="stations/:stationId" element={<StationPage />} />
        <Route path="sessions" element={<SessionsPage />} />
        <Route path="sessions/:sessionId" element={<SessionPage />} />
        <Route path="cdrs" element={<CdrsPage />} />
        <Route path="cdrs/:cdrId" element={<CdrPage />} />
        <Route path="tokens" element={<TokensPage />} />
        <Route path="customers" element={<CustomersPage />} />
        <Route path="customers/:customerId" element={<CustomerPage />} />
        <Route path="tariffs" element={<TariffsPage />} />
        <Route path="tariffs/:tariffId" element={<TariffPage />} />
        <Route path="reports" element={<ReportsPage />} />
        <Route path="sites" element={<SitesPage />} />
        <Route path="sites/:siteId" element={<SitePage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
