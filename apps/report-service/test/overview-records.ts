// Records of the overview spec, built with the public contracts as their publishers build them:
// station connections (gateway), statuses (station-service), session lifecycle (session-service)
// and CDRs (billing-service).
import { randomUUID } from 'node:crypto';
import {
  billingCdrContract,
  sessionLifecycleEventContract,
  stationConnectionEventContract,
  stationStatusEventContract,
  type BillingCdr,
  type SessionLifecycleEvent,
  type StationConnectionEvent,
  type StationStatusEvent,
} from '@voltlane/contracts';

export function connection(
  stationId: string,
  connectionId: string,
  type: StationConnectionEvent['type'],
  at: string,
): StationConnectionEvent {
  return stationConnectionEventContract.outgoing({
    type,
    stationId,
    protocol: 'ocpp1.6',
    gatewayInstance: 'gw-1',
    connectionId,
    securityProfile: 1,
    at,
  });
}

/** A status of a 1.6 connector (0: the whole station), or of a 2.x connector within `evseId`. */
export function status(
  stationId: string,
  connectorId: number,
  value: StationStatusEvent['status'],
  at: string,
  evseId?: number,
): StationStatusEvent {
  return stationStatusEventContract.outgoing({
    stationId,
    protocol: evseId === undefined ? 'ocpp1.6' : 'ocpp2.0.1',
    ...(evseId === undefined ? { errorCode: value === 'Faulted' ? 'GroundFailure' : 'NoError' } : { evseId }),
    connectorId,
    status: value,
    source: evseId === undefined ? 'StatusNotification' : 'NotifyEvent',
    timestamp: at,
    receivedAt: at,
  });
}

/** A session of a station: its lifecycle records and its CDR. */
export class OverviewSession {
  readonly sessionId = randomUUID();

  constructor(
    readonly stationId: string,
    readonly startedAt: string,
  ) {}

  /** A record `minutes` after the start with `energyWh` so far (Ended: the final energy). */
  event(type: SessionLifecycleEvent['type'], minutes: number, energyWh: number): SessionLifecycleEvent {
    return sessionLifecycleEventContract.outgoing({
      type,
      eventId: `${this.sessionId}:${type}${type === 'Updated' ? `:${minutes}` : ''}`,
      sessionId: this.sessionId,
      stationId: this.stationId,
      protocol: 'ocpp1.6',
      transactionRef: '4711',
      connectorId: 1,
      startedAt: this.startedAt,
      ...(type === 'Ended' ? { endedAt: this.at(minutes), meterStopWh: 1000 + energyWh } : {}),
      meterStartWh: 1000,
      energyWh,
      chargingSeconds: minutes * 60,
      idleSeconds: 0,
      anomalies: [],
      occurredAt: this.at(minutes),
    });
  }

  /** Its CDR after `minutes`, with the totals given (decimal strings). */
  cdr(minutes: number, energyWh: number, currency: string, totalExclTax: string, totalInclTax: string): BillingCdr {
    const money = (amount: string) => ({ amount, currency });
    return billingCdrContract.outgoing({
      cdrId: randomUUID(),
      sessionId: this.sessionId,
      stationId: this.stationId,
      protocol: 'ocpp1.6',
      transactionRef: '4711',
      connectorId: 1,
      evseId: null,
      idTokenKey: null,
      customerId: null,
      customerGroup: null,
      startedAt: this.startedAt,
      endedAt: this.at(minutes),
      meterStartWh: 1000,
      meterStopWh: 1000 + energyWh,
      energyWh,
      chargingSeconds: minutes * 60,
      idleSeconds: 0,
      stoppedReason: 'Local',
      tariff: {
        id: 'standard',
        version: 1,
        name: 'Standard',
        assignment: 'default',
        timeZone: 'Europe/Amsterdam',
        taxRatePercent: '19',
        rounding: 'HALF_UP',
      },
      currency,
      lines: [],
      subtotal: money(totalExclTax),
      tax: money('0.00'),
      totalExclTax: money(totalExclTax),
      totalInclTax: money(totalInclTax),
      anomalies: [],
      anomalous: false,
      issuedAt: this.at(minutes + 1),
    });
  }

  private at(minutes: number): string {
    return new Date(new Date(this.startedAt).getTime() + minutes * 60_000).toISOString();
  }
}
