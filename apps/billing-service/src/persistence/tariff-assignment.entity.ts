import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TariffScopeKind } from '@voltlane/billing-domain';

/** Which tariff applies to whom (default / a station / a customer group), and when. */
@Entity({ name: 'tariff_assignments' })
export class TariffAssignmentEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'tariff_id' }) tariffId!: string;
  @Column('text') scope!: TariffScopeKind;
  @Column('text', { name: 'station_id', nullable: true }) stationId!: string | null;
  @Column('text', { name: 'customer_group', nullable: true }) customerGroup!: string | null;
  @Column('timestamptz', { name: 'valid_from' }) validFrom!: Date;
  @Column('timestamptz', { name: 'valid_to', nullable: true }) validTo!: Date | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}
