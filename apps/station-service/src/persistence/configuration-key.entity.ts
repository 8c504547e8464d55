import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A 1.6 configuration key of a station (filled by GetConfiguration results, a later issue). */
@Entity({ name: 'configuration_key' })
export class ConfigurationKeyEntity {
  @PrimaryColumn({ name: 'station_id', type: 'text' }) stationId!: string;
  @PrimaryColumn({ type: 'text' }) key!: string;
  @Column({ type: 'text', nullable: true }) value!: string | null;
  @Column({ type: 'boolean' }) readonly!: boolean;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}
