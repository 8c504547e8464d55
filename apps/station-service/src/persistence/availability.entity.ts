import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The operative state an accepted (or scheduled) ChangeAvailability set: per station (0/0), EVSE
 * (evse/0) or connector. 1.6 connectors sit under EVSE 0 as in `connector`.
 */
@Entity({ name: 'availability' })
export class AvailabilityEntity {
  @PrimaryColumn({ name: 'station_id', type: 'text' }) stationId!: string;
  @PrimaryColumn({ name: 'evse_id', type: 'integer' }) evseId!: number;
  @PrimaryColumn({ name: 'connector_id', type: 'integer' }) connectorId!: number;
  /** Operative | Inoperative. */
  @Column({ name: 'operational_status', type: 'text' }) operationalStatus!: string;
  /** Accepted | Scheduled (applies once running transactions end). */
  @Column({ name: 'response_status', type: 'text' }) responseStatus!: string;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
