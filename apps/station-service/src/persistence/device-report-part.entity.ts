import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DeviceReportKind } from './device-report.entity';

/** One part of a multi-part report, as the station sent it. */
@Entity({ name: 'device_report_part' })
export class DeviceReportPartEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'station_id', type: 'text' }) stationId!: string;
  @Column({ type: 'text' }) kind!: DeviceReportKind;
  @Column({ name: 'request_id', type: 'integer' }) requestId!: number;
  @Column({ name: 'seq_no', type: 'integer' }) seqNo!: number;
  @Column({ type: 'boolean' }) tbc!: boolean;
  @Column({ type: 'jsonb' }) payload!: object;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
}
