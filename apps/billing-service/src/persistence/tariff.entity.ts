import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RoundingMode, TimeBand } from '@voltlane/billing-domain';

/** One version of a tariff; never updated once stored (a change is a new version). */
@Entity({ name: 'tariffs' })
export class TariffEntity {
  @PrimaryColumn('uuid') id!: string;
  @PrimaryColumn('integer') version!: number;
  @Column('text') name!: string;
  @Column('text') currency!: string;
  @Column('text', { name: 'time_zone' }) timeZone!: string;
  @Column('numeric', { name: 'energy_per_kwh' }) energyPerKwh!: string;
  @Column('numeric', { name: 'charging_per_minute' }) chargingPerMinute!: string;
  @Column('numeric', { name: 'idle_per_minute' }) idlePerMinute!: string;
  @Column('integer', { name: 'idle_grace_minutes' }) idleGraceMinutes!: number;
  @Column('numeric', { name: 'session_fee' }) sessionFee!: string;
  @Column('jsonb') bands!: TimeBand[];
  @Column('numeric', { name: 'tax_rate_percent' }) taxRatePercent!: string;
  @Column('text') rounding!: RoundingMode;
  @Column('timestamptz', { name: 'valid_from' }) validFrom!: Date;
  @Column('timestamptz', { name: 'valid_to', nullable: true }) validTo!: Date | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}
