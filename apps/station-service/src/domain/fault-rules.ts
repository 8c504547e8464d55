import type { StationFaultSource } from '@voltlane/contracts';

/** Where on the station a fault is: EVSE 0 / connector 0 is the station itself (1.6 has EVSE 0 only). */
export interface FaultPlace {
  evseId: number;
  connectorId: number;
}

/** A report says a fault is present (opens a fault, or refreshes the open one with the same key). */
export interface FaultRaised extends FaultPlace {
  kind: 'raise';
  source: StationFaultSource;
  code: string;
  vendorCode: string | null;
  info: string | null;
  /** The station's time of the report (receive time without one). */
  at: Date;
  /** Which part of the frame raised it (one frame may raise several): the re-delivery key. */
  part: string;
}

/** A report says faults are gone: the open faults of that place and source (and code, when given) no newer than `at`. */
export interface FaultCleared extends FaultPlace {
  kind: 'clear';
  source: StationFaultSource;
  /** Undefined: every code of the source at that place. */
  code?: string;
  at: Date;
}

export type FaultSignal = FaultRaised | FaultCleared;

/** An open fault as the rules need it. */
export interface OpenFaultFacts extends FaultPlace {
  id: string;
  source: StationFaultSource;
  code: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

export type FaultAction =
  | { type: 'open'; signal: FaultRaised }
  | { type: 'refresh'; faultId: string; signal: FaultRaised; firstSeenAt: Date; lastSeenAt: Date; newest: boolean }
  | { type: 'resolve'; faultId: string; at: Date };

/** 1.6 errorCode meaning "no error". */
export const NO_ERROR = 'NoError';

/** A connector status report as the fault rules see it. */
export interface StatusFaultReport extends FaultPlace {
  status: string;
  /** 1.6 only. */
  errorCode?: string | null;
  vendorErrorCode?: string | null;
  info?: string | null;
  at: Date;
  /** The report became the connector's current status (false: older than the current one). */
  current: boolean;
}

/**
 * StatusNotification (and 2.x `AvailabilityState`) rules:
 * - an errorCode other than NoError raises a fault with that code (whatever the status);
 * - `Faulted` without such an errorCode raises a `Faulted` fault;
 * - anything else (NoError and not Faulted) clears the connector's open status faults;
 * - a report older than the connector's current status raises and clears nothing.
 */
export function statusFaultSignals(report: StatusFaultReport): FaultSignal[] {
  if (!report.current) return [];
  const place = { evseId: report.evseId, connectorId: report.connectorId };
  const errorCode = report.errorCode && report.errorCode !== NO_ERROR ? report.errorCode : undefined;
  const code = errorCode ?? (report.status === 'Faulted' ? 'Faulted' : undefined);
  if (code === undefined) return [{ kind: 'clear', ...place, source: 'StatusNotification', at: report.at }];
  return [
    {
      kind: 'raise',
      ...place,
      source: 'StatusNotification',
      code,
      vendorCode: report.vendorErrorCode || null,
      info: report.info || null,
      at: report.at,
      part: `status:${report.evseId}:${report.connectorId}:${report.at.toISOString()}`,
    },
  ];
}

/** A 2.x NotifyEvent eventData entry as the fault rules see it. */
export interface EventFaultReport {
  eventId: number;
  timestamp: string;
  trigger: string;
  actualValue: string;
  cleared?: boolean;
  techCode?: string;
  techInfo?: string;
  component: { name: string; instance?: string; evse?: { id: number; connectorId?: number } };
  variable: { name: string; instance?: string };
}

/** `Component[.instance]/Variable[.instance]`: the code of a NotifyEvent fault. */
export function eventFaultCode(event: EventFaultReport): string {
  const part = (name: string, instance?: string): string => (instance ? `${name}.${instance}` : name);
  return `${part(event.component.name, event.component.instance)}/${part(event.variable.name, event.variable.instance)}`;
}

const lower = (s: string): string => s.toLowerCase();

/**
 * NotifyEvent rules (2.x):
 * - `cleared: true` clears the open fault of that component/variable;
 * - an `Alerting` event, or a `Problem` variable that became true, raises one
 *   (code = component/variable, vendor code = techCode, info = techInfo or the actual value);
 * - a `Problem` variable that became false clears it;
 * - connector `AvailabilityState` events are statuses (see statusFaultSignals), not raised here.
 */
export function eventFaultSignals(event: EventFaultReport): FaultSignal[] {
  if (lower(event.component.name) === 'connector' && lower(event.variable.name) === 'availabilitystate') return [];
  const place = { evseId: event.component.evse?.id ?? 0, connectorId: event.component.evse?.connectorId ?? 0 };
  const code = eventFaultCode(event);
  const at = new Date(event.timestamp);
  const isProblem = lower(event.variable.name) === 'problem';
  const value = lower(event.actualValue.trim());
  if (event.cleared === true || (isProblem && value === 'false')) return [{ kind: 'clear', ...place, source: 'NotifyEvent', code, at }];
  if (event.trigger !== 'Alerting' && !(isProblem && value === 'true')) return [];
  return [
    {
      kind: 'raise',
      ...place,
      source: 'NotifyEvent',
      code,
      vendorCode: event.techCode || null,
      info: event.techInfo || event.actualValue || null,
      at,
      part: `event:${event.eventId}`,
    },
  ];
}

/** SecurityEventNotification: always raises a fault (code = the event type) that an operator resolves. */
export function securityFaultSignals(type: string, timestamp: string, techInfo?: string): FaultSignal[] {
  return [
    {
      kind: 'raise',
      evseId: 0,
      connectorId: 0,
      source: 'SecurityEvent',
      code: type,
      vendorCode: null,
      info: techInfo || null,
      at: new Date(timestamp),
      part: 'security',
    },
  ];
}

const samePlace = (a: FaultPlace, b: FaultPlace): boolean => a.evseId === b.evseId && a.connectorId === b.connectorId;

/**
 * What the signals of one frame do to a station's open faults, in order:
 * a raise refreshes the open fault with the same place, source and code, or opens one;
 * a clear resolves the matching open faults last seen no later than the clear (a late, older
 * report never resolves a newer fault). A refresh keeps the earliest first-seen and latest
 * last-seen time; `newest` says the raise is the latest report (its vendor code and info win).
 */
export function decideFaults(open: readonly OpenFaultFacts[], signals: readonly FaultSignal[]): FaultAction[] {
  /** Open faults as the frame goes on; `id` undefined: opened by this frame. */
  const working: (Omit<OpenFaultFacts, 'id'> & { id: string | undefined; opened?: FaultAction })[] = open.map((f) => ({ ...f }));
  const actions: FaultAction[] = [];
  for (const signal of signals) {
    if (signal.kind === 'raise') {
      const match = working.find((f) => samePlace(f, signal) && f.source === signal.source && f.code === signal.code);
      if (!match) {
        const opened: FaultAction = { type: 'open', signal };
        actions.push(opened);
        working.push({
          id: undefined,
          opened,
          evseId: signal.evseId,
          connectorId: signal.connectorId,
          source: signal.source,
          code: signal.code,
          firstSeenAt: signal.at,
          lastSeenAt: signal.at,
        });
      } else if (match.id !== undefined) {
        const newest = signal.at.getTime() >= match.lastSeenAt.getTime();
        if (signal.at < match.firstSeenAt) match.firstSeenAt = signal.at;
        if (newest) match.lastSeenAt = signal.at;
        actions.push({ type: 'refresh', faultId: match.id, signal, firstSeenAt: match.firstSeenAt, lastSeenAt: match.lastSeenAt, newest });
      }
      // Raised twice in the frame that opens it: one record, one occurrence.
      continue;
    }
    for (const fault of [...working]) {
      if (!samePlace(fault, signal) || fault.source !== signal.source) continue;
      if (signal.code !== undefined && fault.code !== signal.code) continue;
      if (fault.lastSeenAt.getTime() > signal.at.getTime()) continue;
      working.splice(working.indexOf(fault), 1);
      if (fault.id !== undefined) actions.push({ type: 'resolve', faultId: fault.id, at: signal.at });
      // Raised and cleared within one frame: nothing is left open, nothing is recorded.
      else actions.splice(actions.indexOf(fault.opened as FaultAction), 1);
    }
  }
  return actions;
}
