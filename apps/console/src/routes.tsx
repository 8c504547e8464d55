import { Route, Routes } from 'react-router';
import { Shell } from './layout/shell';
import { OverviewPage } from './pages/overview/overview-page';
import { StationsPage } from './pages/stations/stations-page';
import { StationPage } from './pages/stations/station-page';
import { SessionsPage } from './pages/sessions/sessions-page';
import { SessionPage } from './pages/sessions/session-page';
import { CdrsPage } from './pages/cdrs/cdrs-page';
import { CdrPage } from './pages/cdrs/cdr-page';
import { TokensPage } from './pages/tokens/tokens-page';
import { CustomersPage } from './pages/customers/customers-page';
import { CustomerPage } from './pages/customers/customer-page';
import { TariffsPage } from './pages/tariffs/tariffs-page';
import { TariffPage } from './pages/tariffs/tariff-page';
import { ReportsPage } from './pages/reports/reports-page';
import { SitesPage } from './pages/sites/sites-page';
import { SitePage } from './pages/sites/site-page';
import { NotFoundPage } from './pages/not-found-page';

/** Every page of the console, inside the shell. */
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
