import type { OcppCallHandler } from '@voltlane/service-kit';
import type { Ocpp16TransactionService } from '../application/ocpp16-transaction.service';
import type { TransactionEventService } from '../application/transaction-event.service';
import type { ChargingReportRepository } from '../persistence/charging-report.repository';
import type { ReservationRepository } from '../persistence/reservation.repository';
import { ReportChargingProfilesHandler } from './report-charging-profiles.handler';
import { ReservationStatusUpdateHandler } from './reservation-status-update.handler';
import { StartTransactionHandler } from './start-transaction.handler';
import { StopTransactionHandler } from './stop-transaction.handler';
import { TransactionEventHandler } from './transaction-event.handler';

/** What the session-service's handlers call. */
export interface SessionHandlerDeps {
  transactions16: Ocpp16TransactionService;
  transactionEvents: TransactionEventService;
  reservations: ReservationRepository;
  reports: ChargingReportRepository;
}

/**
 * The station CALLs the session-service answers: one handler per action. The limits and ISO 15118
 * notifications (NotifyChargingLimit, ClearedChargingLimit, NotifyEVChargingNeeds/Schedule) are the
 * energy-service's.
 */
export function sessionHandlers(deps: SessionHandlerDeps): OcppCallHandler[] {
  return [
    typed(new StartTransactionHandler(deps.transactions16)),
    typed(new StopTransactionHandler(deps.transactions16)),
    typed(new TransactionEventHandler(deps.transactionEvents)),
    typed(new ReservationStatusUpdateHandler(deps.reservations)),
    new ReportChargingProfilesHandler(deps.reports),
  ];
}

/** A handler of its action's request type: the gateway validated the payload against that version's schema. */
function typed<Req, Res>(handler: OcppCallHandler<Req, Res>): OcppCallHandler {
  return handler as unknown as OcppCallHandler;
}
