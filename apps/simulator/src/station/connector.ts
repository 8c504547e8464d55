import type { ScheduledTask } from '../scheduling/scheduler';
import type { MeterState, VehicleProfile } from './meter';

/** Why a session ended, in protocol-neutral terms (each behaviour maps it to its enum). */
export type StopCause =
  'Local' | 'EVDisconnected' | 'Remote' | 'HardReset' | 'SoftReset' | 'DeAuthorized' | 'UnlockCommand' | 'PowerLoss' | 'Other';

export type ChargingPhase = 'Preparing' | 'Charging' | 'SuspendedEV' | 'SuspendedEVSE' | 'Finishing';

/** One charging session on one connector. */
export interface Session {
  connectorId: number;
  idTag: string;
  /** 1.6: the CSMS's integer id (-1 until known); 2.x: the station's string id. */
  transactionId: string | number;
  startedAt: number;
  endsAt: number;
  meterStartWh: number;
  vehicle: VehicleProfile;
  phase: ChargingPhase;
  /** 2.x TransactionEvent sequence number, from 0 per transaction. */
  seqNo: number;
  remoteStartId?: number;
  reservationId?: number;
  /** When the meter was last advanced (epoch ms). */
  meteredAt: number;
  tasks: ScheduledTask[];
  ending: boolean;
  /** Meter values collected for 1.6 StopTransaction.transactionData. */
  samples: { timestamp: string; context: string; energyWh: number; powerW: number; soc: number }[];
}

/** A connector (1.6) or EVSE with one connector (2.x). The energy register outlives sessions. */
export interface Connector {
  id: number;
  meter: MeterState;
  operative: boolean;
  session: Session | undefined;
  reservationId: number | undefined;
  /** Last status reported to the CSMS. */
  reported: string | undefined;
}

export function newConnector(id: number, initialEnergyWh: number): Connector {
  return {
    id,
    meter: { energyWh: initialEnergyWh, soc: 0, powerW: 0, currentA: [0, 0, 0] },
    operative: true,
    session: undefined,
    reservationId: undefined,
    reported: undefined,
  };
}
