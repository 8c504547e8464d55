import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type DeviceReportKind = 'Report' | 'Monitoring' | 'CustomerInformation' | 'DisplayMessages';

/** A multi-part 2.x report (keyed by its requestId) and how far it has arrived. */
@Entity({ name: 'device_report' })
export class DeviceReportEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'station_id', type: 'text' }) stationId!: string;
  @Column({ type: 'text' }) kind!: DeviceReportKind;
  @Column({ name: 'request_id', type: 'integer' }) requestId!: number;
  @Column({ name: 'seq_nos', type: 'integer', array: true }) seqNos!: number[];
  @Column({ name: 'last_seq_no', type: 'integer', nullable: true }) lastSeqNo!: number | null;
  @Column({ type: 'boolean' }) complete!: boolean;
  @Column({ name: 'generated_at', type: 'timestamptz' }) generatedAt!: Date;
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt!: Date | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
