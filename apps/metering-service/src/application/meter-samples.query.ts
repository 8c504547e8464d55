import { energyDeliveredWh } from '@voltlane/metering-domain';
import type { MeterSampleEntity } from '../persistence/meter-sample.entity';
import type { MeterSampleStore } from '../persistence/meter-sample.repository';
import { trimDecimal } from './meter-sample-recorder';

/** Energy of one transaction from its Energy.Active.Import.Register readings. */
export interface TransactionEnergy {
  stationId: string;
  transactionRef: string;
  /** First register reading (1.6: StartTransaction.meterStart when it can be matched), Wh. */
  startWh: string;
  startedAt: string;
  /** Last register reading (e.g. StopTransaction.meterStop), Wh. */
  endWh: string;
  endedAt: string;
  /** endWh − startWh; null when the register went backwards (meter reset or replacement). */
  energyWh: string | null;
}

/** A stored sample as the query API returns it. */
export interface StoredSample {
  sampleId: string;
  transactionRef: string | null;
  evseId: number | null;
  connectorId: number | null;
  timestamp: string;
  measurand: string;
  phase: string | null;
  location: string;
  context: string;
  unit: string;
  value: string | null;
  rawValue: string;
  signed: MeterSampleEntity['signed'];
  invalid: string | null;
  sourceAction: string;
}

/** Read side for later services and the operator API. */
export class MeterSamplesQuery {
  constructor(private readonly store: MeterSampleStore) {}

  async samplesForTransaction(stationId: string, transactionRef: string): Promise<StoredSample[]> {
    return (await this.store.forTransaction(stationId, transactionRef)).map(toStoredSample);
  }

  /** Null when no register reading of the transaction is stored. */
  async energyForTransaction(stationId: string, transactionRef: string): Promise<TransactionEnergy | null> {
    const bounds = await this.store.registerBounds(stationId, transactionRef);
    if (!bounds.first || !bounds.last) return null;
    let start = bounds.first;
    // 1.6: StartTransaction carries meterStart but not the transactionId (the CSMS assigns it in
    // the answer), so its reading is stored outside the transaction; match it by connector and time.
    const evse = await this.store.evseOfTransaction(stationId, transactionRef);
    if (evse?.evseId !== null && evse?.evseId !== undefined) {
      const begin = await this.store.beginReadingBefore(stationId, evse.evseId, bounds.first.timestamp);
      if (begin && energyDeliveredWh(begin.valueWh, bounds.first.valueWh) !== null) start = begin;
    }
    return {
      stationId,
      transactionRef,
      startWh: trimDecimal(start.valueWh),
      startedAt: start.timestamp.toISOString(),
      endWh: trimDecimal(bounds.last.valueWh),
      endedAt: bounds.last.timestamp.toISOString(),
      energyWh: energyDeliveredWh(start.valueWh, bounds.last.valueWh),
    };
  }
}

export function toStoredSample(r: MeterSampleEntity): StoredSample {
  return {
    sampleId: r.id,
    transactionRef: r.transactionRef,
    evseId: r.evseId,
    connectorId: r.connectorId,
    timestamp: r.sampledAt.toISOString(),
    measurand: r.measurand,
    phase: r.phase,
    location: r.location,
    context: r.context,
    unit: r.unit,
    value: r.value === null ? null : trimDecimal(r.value),
    rawValue: r.rawValue,
    signed: r.signed,
    invalid: r.invalid,
    sourceAction: r.sourceAction,
  };
}
