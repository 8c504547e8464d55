import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The device model a 2.x station reported (NotifyReport): one row per component/variable. */
@Entity({ name: 'device_variable' })
export class DeviceVariableEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'station_id', type: 'text' }) stationId!: string;
  @Column({ name: 'component_name', type: 'text' }) componentName!: string;
  @Column({ name: 'component_instance', type: 'text' }) componentInstance!: string;
  @Column({ name: 'evse_id', type: 'integer' }) evseId!: number;
  @Column({ name: 'connector_id', type: 'integer' }) connectorId!: number;
  @Column({ name: 'variable_name', type: 'text' }) variableName!: string;
  @Column({ name: 'variable_instance', type: 'text' }) variableInstance!: string;
  @Column({ type: 'jsonb' }) attributes!: object[];
  @Column({ type: 'jsonb', nullable: true }) characteristics!: object | null;
  @Column({ name: 'request_id', type: 'integer' }) requestId!: number;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
