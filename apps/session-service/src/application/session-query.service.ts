import { Inject, Injectable } from '@nestjs/common';
import type { Session } from '../domain/session';
import { ChargingReportRepository, type ChargingReport } from '../persistence/charging-report.repository';
import { ReservationRepository, type Reservation } from '../persistence/reservation.repository';
import { SessionRepository, type SessionListFilter } from '../persistence/session.repository';

/** Read side of the session-service (for operators, tests and, later, the HTTP API). */
@Injectable()
export class SessionQueryService {
  constructor(
    @Inject(SessionRepository) private readonly sessions: SessionRepository,
    @Inject(ReservationRepository) private readonly reservations: ReservationRepository,
    @Inject(ChargingReportRepository) private readonly reports: ChargingReportRepository,
  ) {}

  findById(sessionId: string): Promise<Session | null> {
    return this.sessions.findById(sessionId);
  }

  /** 1.6: the transaction id as text (`String(transactionId)`, or `-1`); 2.x: the station's transactionId. */
  findByTransaction(stationId: string, transactionRef: string | number): Promise<Session | null> {
    return this.sessions.findByTransactionRef(stationId, String(transactionRef));
  }

  /** Newest first, at most `limit` (default 100). */
  list(filter: SessionListFilter = {}): Promise<Session[]> {
    return this.sessions.list(filter);
  }

  reservation(stationId: string, reservationId: number): Promise<Reservation | null> {
    return this.reservations.find(stationId, reservationId);
  }

  chargingReports(stationId: string, action?: string): Promise<ChargingReport[]> {
    return this.reports.list(stationId, action);
  }
}
