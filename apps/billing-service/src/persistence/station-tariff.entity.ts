import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A tariff a station holds (OCPP 2.1), as its last answer about it said. */
@Entity({ name: 'station_tariffs' })
export class StationTariffEntity {
  @PrimaryColumn('text', { name: 'station_id' }) stationId!: string;
  /** 0 = every EVSE. */
  @PrimaryColumn('integer', { name: 'evse_id' }) evseId!: number;
  /** The id on the station (`<tariff id>:<version>` for ours). */
  @PrimaryColumn('text', { name: 'station_tariff_id' }) stationTariffId!: string;
  /** TariffKindEnumType: DefaultTariff or DriverTariff. */
  @PrimaryColumn('text', { name: 'tariff_kind' }) tariffKind!: string;
  @Column('text', { name: 'tariff_id', nullable: true }) tariffId!: string | null;
  @Column('integer', { name: 'tariff_version', nullable: true }) tariffVersion!: number | null;
  @Column('text', { name: 'transaction_id', nullable: true }) transactionId!: string | null;
  @Column('jsonb', { name: 'id_tokens', nullable: true }) idTokens!: string[] | null;
  @Column('timestamptz', { name: 'valid_from', nullable: true }) validFrom!: Date | null;
  /** The action whose answer recorded it (SetDefaultTariff, ChangeTransactionTariff, GetTariffs). */
  @Column('text', { name: 'reported_by' }) reportedBy!: string;
  @Column('timestamptz', { name: 'reported_at' }) reportedAt!: Date;
}
