import type { LocationState } from '../application/locations/location-reader';
import { emi3EvseId, operatorFieldsOf, type CpoParty } from '../domain/location-mapping';
import type { PartnerBacklog, StoredPush } from '../persistence/outbox.repository';

/** A location as the operator API shows it: its fields, stations, connector and EVSEs (as partners see them). */
export function locationView(state: LocationState, party: Pick<CpoParty, 'countryCode' | 'partyId'>) {
  const { location } = state;
  const { connector, ...fields } = operatorFieldsOf(location);
  return {
    locationId: location.locationId,
    ...fields,
    stations: state.stations.map((s) => ({ stationId: s.stationId, evseCount: s.evseCount, tariffIds: s.tariffIds })),
    connector,
    evses: state.evses.map((e) => ({
      uid: e.uid,
      evseId: emi3EvseId(party, e.stationId, e.evseId),
      stationId: e.stationId,
      stationEvseId: e.evseId,
      status: e.status,
      tariffIds: e.tariffIds,
      lastUpdated: e.lastUpdated.toISOString(),
    })),
    createdAt: location.createdAt.toISOString(),
    lastUpdated: state.evses.reduce((max, e) => (e.lastUpdated > max ? e.lastUpdated : max), location.lastUpdated).toISOString(),
  };
}

export type LocationView = ReturnType<typeof locationView>;

/** A push as the operator API shows it (`withBody`: GET one). */
export function pushView(push: StoredPush, withBody = false) {
  const state = push.sentAt === null ? 'pending' : push.response?.dropped !== undefined ? 'dropped' : 'sent';
  return {
    pushId: push.pushId,
    partnerId: push.partnerId,
    state,
    module: push.module,
    objectKey: push.objectKey,
    method: push.method,
    path: push.path,
    url: push.url,
    attempts: push.attempts,
    nextAttemptAt: push.sentAt === null ? push.nextAttemptAt.toISOString() : null,
    lastAttemptAt: push.lastAttemptAt?.toISOString() ?? null,
    lastError: push.lastError,
    response: push.response,
    createdAt: push.createdAt.toISOString(),
    sentAt: push.sentAt?.toISOString() ?? null,
    ...(withBody ? { body: push.body } : {}),
  };
}

export type PushView = ReturnType<typeof pushView>;

export function backlogView(backlog: PartnerBacklog) {
  return {
    partnerId: backlog.partnerId,
    pending: backlog.pending,
    failing: backlog.failing,
    oldestPendingAt: backlog.oldestPendingAt?.toISOString() ?? null,
    nextAttemptAt: backlog.nextAttemptAt?.toISOString() ?? null,
    lastError: backlog.lastError,
  };
}
