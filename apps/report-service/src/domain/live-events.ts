import type { BillingCdr, SessionLifecycleEvent, StationConnectionEvent, StationStatusEvent } from '@voltlane/contracts';

/** The names (`event:` lines) of the live events, in the order the API documents them. */
export const LIVE_EVENT_NAMES = ['station.connection', 'station.status', 'session', 'cdr'] as const;
export type LiveEventName = (typeof LIVE_EVENT_NAMES)[number];

/** `station.connection`: a station's WebSocket opened or closed. */
export interface StationConnectionData {
  stationId: string;
  type: 'Connected' | 'Disconnected';
  at: string;
}

/** `station.status`: a connector's (or, connector 0, the station's) status changed. */
export interface StationStatusData {
  stationId: string;
  evseId?: number;
  connectorId: number;
  status: string;
  /** 1.6 error code other than NoError. */
  errorCode?: string;
  at: string;
}

/** `session`: a charging session started, reported energy, or ended. */
export interface SessionData {
  sessionId: string;
  stationId: string;
  type: 'Started' | 'Updated' | 'Ended';
  connectorId?: number;
  evseId?: number;
  energyWh: number;
  at: string;
}

/** `cdr`: the charge detail record of an ended session was issued. */
export interface CdrData {
  cdrId: string;
  sessionId: string;
  stationId: string;
  currency: string;
  totalExclTax: string;
  totalInclTax: string;
  energyWh: number;
}

/** One event for the clients: its name, the station it is about (for filters) and its data. */
export type LiveEvent =
  | { name: 'station.connection'; data: StationConnectionData }
  | { name: 'station.status'; data: StationStatusData }
  | { name: 'session'; data: SessionData }
  | { name: 'cdr'; data: CdrData };

/** The small, secret-free events of the public records (no id tokens, customers or tariffs). */
export const liveEventOf = {
  connection: (event: StationConnectionEvent): LiveEvent => ({
    name: 'station.connection',
    data: { stationId: event.stationId, type: event.type, at: event.at },
  }),
  status: (event: StationStatusEvent): LiveEvent => ({
    name: 'station.status',
    data: {
      stationId: event.stationId,
      ...(event.evseId !== undefined ? { evseId: event.evseId } : {}),
      connectorId: event.connectorId,
      status: event.status,
      ...(event.errorCode && event.errorCode !== 'NoError' ? { errorCode: event.errorCode } : {}),
      at: event.timestamp,
    },
  }),
  session: (event: SessionLifecycleEvent): LiveEvent => ({
    name: 'session',
    data: {
      sessionId: event.sessionId,
      stationId: event.stationId,
      type: event.type,
      ...(event.connectorId !== undefined ? { connectorId: event.connectorId } : {}),
      ...(event.evseId !== undefined ? { evseId: event.evseId } : {}),
      energyWh: event.energyWh,
      at: event.occurredAt,
    },
  }),
  cdr: (cdr: BillingCdr): LiveEvent => ({
    name: 'cdr',
    data: {
      cdrId: cdr.cdrId,
      sessionId: cdr.sessionId,
      stationId: cdr.stationId,
      currency: cdr.currency,
      totalExclTax: cdr.totalExclTax.amount,
      totalInclTax: cdr.totalInclTax.amount,
      energyWh: cdr.energyWh,
    },
  }),
};

/** One event as server-sent-events text: `id`, `event` and one `data` line (JSON has no raw line breaks). */
export function sseEventText(id: number, event: LiveEvent): string {
  return `id: ${id}\nevent: ${event.name}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

/** The first lines of every stream: how long a client waits before it reconnects. */
export const sseStreamStart = (retryMs: number): string => `retry: ${retryMs}\n\n`;

/** A comment line: keeps proxies from closing an idle stream; clients ignore it. */
export const SSE_KEEP_ALIVE = ': keep-alive\n\n';
