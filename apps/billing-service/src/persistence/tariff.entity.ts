import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RoundingMode, TimeBand } from '@voltlane/billing-domain';

/** One version of a tariff; never updated once stored (a change is a new version). */
@Entity({ name: 'tariffs' })
export class TariffEntity {
  @PrimaryColumn('uuid') id!: string;
  @PrimaryColumn('integer') version!: number;
  @Column('text') name!: string;
  @Column('char', { length: 3 }) currency!: string;
  @Column('text', { name: 'time_zone' }) timeZone!: string;
  @Column('numeric', { name: 'energy_per_kwh', precision: 18, scale: 6 }) energyPerKwh!: string;
  @Column('numeric', { name: 'charging_per_minute', precision: 18, scale: 6 }) chargingPerMinute!: string;
  @Column('numeric', { name: 'idle_per_minute', precision: 18, scale: 6 }) idlePerMinute!: string;
  @Column('integer', { name: 'idle_grace_minutes' }) idleGraceMinutes!: number;
  @Column('numeric', { name: 'session_fee', precision: 18, scale: 6 }) sessionFee!: string;
  @Column('jsonb') bands!: TimeBand[];
  @Column('numeric', { name: 'tax_rate_percent', precision: 7, scale: 4 }) taxRatePercent!: string;
  @Column('text') rounding!: RoundingMode;
  @Column('timestamptz', { name: 'valid_from' }) validFrom!: Date;
  @Column('timestamptz', { name: 'valid_to', nullable: true }) validTo!: Date | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}
