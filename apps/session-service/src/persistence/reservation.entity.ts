import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Reservation statuses known to the CSMS: reported by the station, or Used by a transaction. */
export type ReservationStatus = 'Expired' | 'Removed' | 'Used';

@Entity({ name: 'reservation' })
export class ReservationEntity {
  @PrimaryColumn({ type: 'text', name: 'station_id' }) stationId!: string;
  @PrimaryColumn({ type: 'integer', name: 'reservation_id' }) reservationId!: number;
  @Column({ type: 'text' }) status!: ReservationStatus;
  @Column({ type: 'timestamptz', name: 'expires_at', nullable: true }) expiresAt!: Date | null;
  @Column({ type: 'uuid', name: 'session_id', nullable: true }) sessionId!: string | null;
  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}
