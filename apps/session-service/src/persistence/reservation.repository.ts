import type { DataSource, EntityManager } from 'typeorm';
import { assertColumnBounds } from '@voltlane/service-kit';
import { ReservationEntity, type ReservationStatus } from './reservation.entity';

export interface Reservation {
  stationId: string;
  reservationId: number;
  status: ReservationStatus;
  expiresAt: Date | null;
  sessionId: string | null;
  protocol: string | null;
  connectorId: number | null;
  evseId: number | null;
  idToken: string | null;
  idTokenType: string | null;
  groupIdToken: string | null;
  requestedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ReservationListFilter {
  stationId?: string;
  status?: ReservationStatus;
  limit: number;
  offset: number;
}

/** A reservation the station answered (ReserveNow), as the request described it. */
export interface ReservationRequest {
  stationId: string;
  reservationId: number;
  status: ReservationStatus;
  protocol: string | null;
  connectorId: number | null;
  evseId: number | null;
  idToken: string;
  idTokenType: string | null;
  groupIdToken: string | null;
  expiresAt: Date;
  requestedAt: Date;
}

const TERMINAL = `('Used', 'Expired', 'Removed', 'Cancelled')`;

export class ReservationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Every write here is raw SQL (ON CONFLICT upserts) that the column-bounds subscriber does not
   * see: the values are checked against the reservation columns first (ValueOutOfBounds).
   */
  private assertStorable(values: Partial<Record<keyof ReservationEntity, unknown>>): void {
    assertColumnBounds(this.dataSource, ReservationEntity, values);
  }

  /** A status the station reported (Expired, Removed); a reservation already Used stays Used. */
  async reportStatus(stationId: string, reservationId: number, status: ReservationStatus): Promise<void> {
    this.assertStorable({ stationId, reservationId, status });
    await this.dataSource.query(
      `INSERT INTO reservation (station_id, reservation_id, status) VALUES ($1, $2, $3)
       ON CONFLICT (station_id, reservation_id) DO UPDATE SET status = EXCLUDED.status, updated_at = now()
       WHERE reservation.status <> 'Used'`,
      [stationId, reservationId, status],
    );
  }

  /** A transaction consumed the reservation (idempotent). */
  async markUsed(m: EntityManager, stationId: string, reservationId: number, sessionId: string): Promise<void> {
    this.assertStorable({ stationId, reservationId });
    await m.query(
      `INSERT INTO reservation (station_id, reservation_id, status, session_id) VALUES ($1, $2, 'Used', $3)
       ON CONFLICT (station_id, reservation_id) DO UPDATE SET status = 'Used', session_id = EXCLUDED.session_id, updated_at = now()`,
      [stationId, reservationId, sessionId],
    );
  }

  /**
   * The station's answer to ReserveNow. The same id replaces a reservation, but a result that
   * reaches this service after the station already reported the end (used, expired, removed,
   * cancelled) of a later state does not revive it.
   */
  async applyReserveNow(m: EntityManager, r: ReservationRequest): Promise<void> {
    this.assertStorable(r);
    await m.query(
      `INSERT INTO reservation (station_id, reservation_id, status, expires_at, protocol, connector_id, evse_id, id_token, id_token_type, group_id_token, requested_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (station_id, reservation_id) DO UPDATE SET
         expires_at = EXCLUDED.expires_at, protocol = EXCLUDED.protocol, connector_id = EXCLUDED.connector_id, evse_id = EXCLUDED.evse_id,
         id_token = EXCLUDED.id_token, id_token_type = EXCLUDED.id_token_type, group_id_token = EXCLUDED.group_id_token,
         requested_at = EXCLUDED.requested_at,
         status = CASE WHEN reservation.status IN ${TERMINAL} AND reservation.updated_at > EXCLUDED.requested_at THEN reservation.status ELSE EXCLUDED.status END,
         updated_at = now()`,
      [
        r.stationId,
        r.reservationId,
        r.status,
        r.expiresAt,
        r.protocol,
        r.connectorId,
        r.evseId,
        r.idToken,
        r.idTokenType,
        r.groupIdToken,
        r.requestedAt,
      ],
    );
  }

  /** An accepted CancelReservation; a reservation already used keeps that status. */
  async markCancelled(m: EntityManager, stationId: string, reservationId: number): Promise<void> {
    this.assertStorable({ stationId, reservationId });
    await m.query(
      `INSERT INTO reservation (station_id, reservation_id, status) VALUES ($1, $2, 'Cancelled')
       ON CONFLICT (station_id, reservation_id) DO UPDATE SET status = 'Cancelled', updated_at = now() WHERE reservation.status <> 'Used'`,
      [stationId, reservationId],
    );
  }

  async nextReservationId(): Promise<number> {
    const rows = await this.dataSource.query<{ id: number }[]>(`SELECT nextval('reservation_id_seq')::integer AS id`);
    return rows[0].id;
  }

  async find(stationId: string, reservationId: number): Promise<Reservation | null> {
    const row = await this.dataSource.manager.findOne(ReservationEntity, { where: { stationId, reservationId } });
    return row ? { ...row } : null;
  }

  async list(filter: ReservationListFilter): Promise<{ items: Reservation[]; total: number }> {
    const [rows, total] = await this.dataSource.manager.findAndCount(ReservationEntity, {
      where: {
        ...(filter.stationId !== undefined ? { stationId: filter.stationId } : {}),
        ...(filter.status !== undefined ? { status: filter.status } : {}),
      },
      order: { createdAt: 'DESC', reservationId: 'DESC' },
      take: filter.limit,
      skip: filter.offset,
    });
    return { items: rows.map((r) => ({ ...r })), total };
  }
}
