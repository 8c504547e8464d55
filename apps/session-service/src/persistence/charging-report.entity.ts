import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { OcppVersion } from '@voltlane/ocpp';

/** What a 2.x station reported about its installed profiles (ReportChargingProfiles), as received (rows of the limit and EV-needs notifications from before the energy-service answered them stay). */
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
