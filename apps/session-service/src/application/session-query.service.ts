import type { Session } from '../domain/session';
import type { ChargingProfileRepository, StoredChargingProfile } from '../persistence/charging-profile.repository';
import type { ChargingReportRepository, ChargingReport } from '../persistence/charging-report.repository';
import type { RemoteStartRepository, RemoteStart } from '../persistence/remote-start.repository';
import type { ReservationRepository, Reservation, ReservationListFilter } from '../persistence/reservation.repository';
import type { SessionRepository, SessionListFilter, SessionPageFilter } from '../persistence/session.repository';

/** Read side of the session-service (for operators, tests and the HTTP API). */
export class SessionQueryService {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly reservations: ReservationRepository,
    private readonly reports: ChargingReportRepository,
    private readonly profiles: ChargingProfileRepository,
    private readonly remoteStarts: RemoteStartRepository,
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

  /** Newest first, filtered and paged, with the total. */
  page(filter: SessionPageFilter): Promise<{ items: Session[]; total: number }> {
    return this.sessions.page(filter);
  }

  reservation(stationId: string, reservationId: number): Promise<Reservation | null> {
    return this.reservations.find(stationId, reservationId);
  }

  reservationPage(filter: ReservationListFilter): Promise<{ items: Reservation[]; total: number }> {
    return this.reservations.list(filter);
  }

  chargingReports(stationId: string, action?: string): Promise<ChargingReport[]> {
    return this.reports.list(stationId, action);
  }

  /** Charging profiles the station accepted (SetChargingProfile), minus those cleared. */
  chargingProfiles(
    stationId: string,
    filter: { evseId?: number; purpose?: string; limit: number; offset: number },
  ): Promise<{ items: StoredChargingProfile[]; total: number }> {
    return this.profiles.list(stationId, filter);
  }

  chargingProfile(stationId: string, profileId: number): Promise<StoredChargingProfile | null> {
    return this.profiles.find(stationId, profileId);
  }

  remoteStart(stationId: string, remoteStartId: number): Promise<RemoteStart | null> {
    return this.remoteStarts.find(stationId, remoteStartId);
  }

  /** The remote start a session was linked to, if any. */
  remoteStartOfSession(sessionId: string): Promise<RemoteStart | null> {
    return this.remoteStarts.findBySession(sessionId);
  }
}
