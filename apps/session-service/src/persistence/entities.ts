import { ChargingReportEntity } from './charging-report.entity';
import { OutboxEntity } from './outbox/outbox.entity';
import { ReservationEntity } from './reservation.entity';
import { SessionEntity } from './session.entity';
import { TokenEntity } from './token.entity';
import { TransactionEventEntity } from './transaction-event.entity';

export const sessionEntities = [SessionEntity, TransactionEventEntity, ReservationEntity, TokenEntity, ChargingReportEntity, OutboxEntity];
