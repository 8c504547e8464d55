import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Reservation statuses known to the CSMS: the station's answer to ReserveNow (Accepted, Faulted,
 * Occupied, Rejected, Unavailable), Cancelled by an accepted CancelReservation, reported by the
 * station (Expired, Removed), or Used by a transaction.
 */
export type ReservationStatus =
  'Accepted' | 'Faulted' | 'Occupied' | 'Rejected' | 'Unavailable' | 'Cancelled' | 'Expired' | 'Removed' | 'Used';

@Entity({ name: 'reservation' })
export class ReservationEntity {
  @PrimaryColumn({ type: 'text', name: 'station_id' }) stationId!: string;
  @PrimaryColumn({ type: 'integer', name: 'reservation_id' }) reservationId!: number;
  @Column({ type: 'text' }) status!: ReservationStatus;
  @Column({ type: 'timestamptz', name: 'expires_at', nullable: true }) expiresAt!: Date | null;
  @Column({ type: 'uuid', name: 'session_id', nullable: true }) sessionId!: string | null;
  @Column({ type: 'text', nullable: true }) protocol!: string | null;
  @Column({ type: 'integer', name: 'connector_id', nullable: true }) connectorId!: number | null;
  @Column({ type: 'integer', name: 'evse_id', nullable: true }) evseId!: number | null;
  @Column({ type: 'text', name: 'id_token', nullable: true }) idToken!: string | null;
  @Column({ type: 'text', name: 'id_token_type', nullable: true }) idTokenType!: string | null;
  @Column({ type: 'text', name: 'group_id_token', nullable: true }) groupIdToken!: string | null;
  @Column({ type: 'timestamptz', name: 'requested_at', nullable: true }) requestedAt!: Date | null;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}
