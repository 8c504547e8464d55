/** What Voltlane stored for one fault round: rows of the services' tables and the CDRs on billing.cdrs.v1. */

export interface StoredSession {
  id: string;
  stationId: string;
  transactionRef: string;
  /** 1.6 integer transaction id (null for 2.x). */
  transactionId: number | null;
  status: string;
  energyWh: number;
}

export interface PublishedCdr {
  cdrId: string;
  sessionId: string;
  stationId: string;
  energyWh: number;
}

export interface StoreSnapshot {
  sessions: StoredSession[];
  /** Meter sample natural key (see sampleKey) → rows stored with it. */
  sampleRows: Map<string, number>;
  /** billing `cdrs` table: session id → rows. */
  cdrRows: Map<string, number>;
  /** Every CDR message read from billing.cdrs.v1 (re-deliveries included). */
  cdrMessages: PublishedCdr[];
}
