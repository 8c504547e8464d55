import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { DATA_SOURCE } from '../config/injection-tokens';
import { ReservationEntity, type ReservationStatus } from './reservation.entity';

export interface Reservation {
  stationId: string;
  reservationId: number;
  status: ReservationStatus;
  expiresAt: Date | null;
  sessionId: string | null;
}

@Injectable()
export class ReservationRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** A status the station reported (Expired, Removed); a reservation already Used stays Used. */
  async reportStatus(stationId: string, reservationId: number, status: ReservationStatus): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO reservation (station_id, reservation_id, status) VALUES ($1, $2, $3)
       ON CONFLICT (station_id, reservation_id) DO UPDATE SET status = EXCLUDED.status, updated_at = now()
       WHERE reservation.status <> 'Used'`,
      [stationId, reservationId, status],
    );
  }

  /** A transaction consumed the reservation (idempotent). */
  async markUsed(m: EntityManager, stationId: string, reservationId: number, sessionId: string): Promise<void> {
    await m.query(
      `INSERT INTO reservation (station_id, reservation_id, status, session_id) VALUES ($1, $2, 'Used', $3)
       ON CONFLICT (station_id, reservation_id) DO UPDATE SET status = 'Used', session_id = EXCLUDED.session_id, updated_at = now()`,
      [stationId, reservationId, sessionId],
    );
  }

  async find(stationId: string, reservationId: number): Promise<Reservation | null> {
    const row = await this.dataSource.manager.findOne(ReservationEntity, { where: { stationId, reservationId } });
    if (!row) return null;
    const { updatedAt: _u, ...reservation } = row;
    return reservation;
  }
}
