/** A connector status as stored or as reported (1.6 error fields absent on 2.x). */
export interface ConnectorStatusFacts {
  status: string;
  errorCode?: string | null;
  info?: string | null;
  vendorErrorCode?: string | null;
  /** When the station says the status began (its timestamp, or the receive time without one). */
  statusAt: Date;
}

export interface StatusDecision {
  /** Becomes the connector's current status (every report goes to the history either way). */
  apply: boolean;
  /** Differs from the current status: published on `stations.status.v1`. */
  changed: boolean;
}

/**
 * Status ordering: a report older than the current status (by the station's timestamps) never
 * overwrites it; a report as new or newer does. Only an applied report that differs from the
 * current one is a change.
 */
export function decideStatus(current: ConnectorStatusFacts | null, incoming: ConnectorStatusFacts): StatusDecision {
  if (!current) return { apply: true, changed: true };
  if (incoming.statusAt.getTime() < current.statusAt.getTime()) return { apply: false, changed: false };
  const changed =
    current.status !== incoming.status ||
    (current.errorCode ?? null) !== (incoming.errorCode ?? null) ||
    (current.info ?? null) !== (incoming.info ?? null) ||
    (current.vendorErrorCode ?? null) !== (incoming.vendorErrorCode ?? null);
  return { apply: true, changed };
}

/** 2.x connector statuses a NotifyEvent `Connector`/`AvailabilityState` may carry. */
export const CONNECTOR_STATUSES_2X: readonly string[] = ['Available', 'Occupied', 'Reserved', 'Unavailable', 'Faulted'];
