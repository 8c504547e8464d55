import { ClearedChargingLimitHandler } from './cleared-charging-limit.handler';
import { NotifyChargingLimitHandler } from './notify-charging-limit.handler';
import { NotifyEVChargingNeedsHandler } from './notify-ev-charging-needs.handler';
import { NotifyEVChargingScheduleHandler } from './notify-ev-charging-schedule.handler';
import { ReportChargingProfilesHandler } from './report-charging-profiles.handler';
import { ReservationStatusUpdateHandler } from './reservation-status-update.handler';
import { StartTransactionHandler } from './start-transaction.handler';
import { StopTransactionHandler } from './stop-transaction.handler';
import { TransactionEventHandler } from './transaction-event.handler';

/** The station CALLs the session-service answers: one handler class per action. */
export const sessionHandlers = [
  StartTransactionHandler,
  StopTransactionHandler,
  TransactionEventHandler,
  ReservationStatusUpdateHandler,
  NotifyChargingLimitHandler,
  ClearedChargingLimitHandler,
  NotifyEVChargingNeedsHandler,
  NotifyEVChargingScheduleHandler,
  ReportChargingProfilesHandler,
] as const;
