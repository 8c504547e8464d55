// Records of the sessions specs, built with the public contracts as their publishers build them:
// a session's sessions.lifecycle.v1 records (session-service), its billing.cdrs.v1 CDR and a
// billing.tariffs.v1 tariff (billing-service).
import { randomUUID } from 'node:crypto';
import {
  billingCdrContract,
  sessionLifecycleEventContract,
  tariffCatalogEntryContract,
  type BillingCdr,
  type SessionLifecycleEvent,
  type TariffCatalogEntry,
} from '@voltlane/contracts';
import { tariffVersion } from './push-fixtures';

/**
 * The tariff every station gets by default: 0.30 EUR/kWh, 0.02 EUR per charging minute, 19 % VAT,
 * valid from 2026-01-01 (the sessions of the specs begin after it).
 */
export function defaultTariff(tariffId = randomUUID()): TariffCatalogEntry {
  return tariffCatalogEntryContract.outgoing({
    tariffId,
    revision: Date.now(),
    versions: [
      tariffVersion({
        chargingPerMinute: '0.02',
        idlePerMinute: '0',
        sessionFee: '0',
        taxRatePercent: '19',
        validFrom: '2026-01-01T00:00:00.000Z',
      }),
    ],
    assignments: [{ id: `default-${tariffId}`, scope: { kind: 'default' }, validFrom: '2026-01-01T00:00:00.000Z', validTo: null }],
  });
}

/** A charging session of a station and the records the session- and billing-service publish about it. */
export class TestSession {
  readonly sessionId = randomUUID();
  readonly cdrId = randomUUID();
  /** When it started: a minute-aligned instant in the past (the records' times follow from it). */
  readonly startedAt = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000);

  constructor(
    readonly stationId: string,
    readonly idTokenKey: string | undefined,
    /** 1.6 connector id (a 2.x session: `evseId` instead). */
    readonly place: { connectorId: number } | { evseId?: number },
  ) {}

  at(minutes: number): string {
    return new Date(this.startedAt.getTime() + minutes * 60_000).toISOString();
  }

  /** A record `minutes` after the start with the energy and charging time so far. */
  event(
    type: SessionLifecycleEvent['type'],
    minutes: number,
    energyWh: number,
    fields: Partial<SessionLifecycleEvent> = {},
  ): SessionLifecycleEvent {
    const n = type === 'Updated' ? `:${minutes}` : '';
    return sessionLifecycleEventContract.outgoing({
      type,
      eventId: `${this.sessionId}:${type}${n}`,
      sessionId: this.sessionId,
      stationId: this.stationId,
      protocol: 'connectorId' in this.place ? 'ocpp1.6' : 'ocpp2.0.1',
      transactionRef: 'connectorId' in this.place ? '4711' : `tx-${this.sessionId.slice(0, 8)}`,
      ...(this.idTokenKey !== undefined ? { idTokenKey: this.idTokenKey } : {}),
      ...this.place,
      startedAt: this.at(0),
      ...(type === 'Ended' ? { endedAt: this.at(minutes), meterStopWh: 1000 + energyWh } : {}),
      meterStartWh: 1000,
      energyWh,
      chargingSeconds: minutes * 60,
      idleSeconds: 0,
      anomalies: [],
      occurredAt: this.at(minutes),
      ...fields,
    });
  }

  /** Its CDR as billed with defaultTariff: `minutes` of charging, `energyWh`; the money as the billing-service rounds it. */
  cdr(
    tariffId: string,
    minutes: number,
    energyWh: number,
    money: { energy: string; time: string; net: string; tax: string; gross: string },
  ): BillingCdr {
    const eur = (amount: string) => ({ amount, currency: 'EUR' });
    return billingCdrContract.outgoing({
      cdrId: this.cdrId,
      sessionId: this.sessionId,
      stationId: this.stationId,
      protocol: 'connectorId' in this.place ? 'ocpp1.6' : 'ocpp2.0.1',
      transactionRef: '4711',
      connectorId: 'connectorId' in this.place ? this.place.connectorId : null,
      evseId: 'evseId' in this.place ? (this.place.evseId ?? null) : null,
      idTokenKey: this.idTokenKey ?? null,
      customerId: null,
      customerGroup: null,
      startedAt: this.at(0),
      endedAt: this.at(minutes),
      meterStartWh: 1000,
      meterStopWh: 1000 + energyWh,
      energyWh,
      chargingSeconds: minutes * 60,
      idleSeconds: 0,
      stoppedReason: 'Local',
      tariff: {
        id: tariffId,
        version: 1,
        name: 'Standard',
        assignment: 'default',
        timeZone: 'Europe/Amsterdam',
        taxRatePercent: '19',
        rounding: 'HALF_UP',
      },
      currency: 'EUR',
      lines: [
        {
          component: 'energy',
          band: null,
          quantity: String(energyWh / 1000),
          unit: 'kWh',
          unitPrice: eur('0.30'),
          amount: eur(money.energy),
        },
        { component: 'chargingTime', band: null, quantity: String(minutes), unit: 'min', unitPrice: eur('0.02'), amount: eur(money.time) },
      ],
      subtotal: eur(money.net),
      tax: eur(money.tax),
      totalExclTax: eur(money.net),
      totalInclTax: eur(money.gross),
      anomalies: [],
      anomalous: false,
      issuedAt: this.at(minutes + 1),
    });
  }
}
