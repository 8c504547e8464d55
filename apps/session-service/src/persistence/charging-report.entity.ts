import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { OcppVersion } from '@voltlane/ocpp';

/** What a 2.x station reported about charging limits, EV needs and schedules, and its profiles, as received. */
@Entity({ name: 'charging_report' })
export class ChargingReportEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ type: 'text', name: 'station_id' }) stationId!: string;
  @Column({ type: 'text' }) protocol!: OcppVersion;
  @Column({ type: 'text' }) action!: string;
  @Column({ type: 'text', name: 'message_id' }) messageId!: string;
  @Column({ type: 'jsonb' }) payload!: object;
  @Column({ type: 'timestamptz', name: 'received_at' }) receivedAt!: Date;
}
