import type { StationConnectorStatus, StationStatusEvent } from '@voltlane/contracts';
import { evseStatus, type OcpiEvseStatus } from '../../domain/location-mapping';
import type { EvseRepository } from '../../persistence/evse.repository';

/** An EVSE whose published OCPI status changed. */
export interface EvseChange {
  stationId: string;
  evseId: number;
  uid: string;
  status: OcpiEvseStatus;
}

/** The key a connector status is stored under: `0` = the whole EVSE (or, in row 0, the whole station). */
export const WHOLE = '0';

/**
 * Which row and key a status record updates. 1.6 (no evseId): connector N is EVSE N (its one
 * connector, key `1`), connector 0 the whole station (row 0). 2.x: EVSE N, connector id as key
 * (connector 0 = the whole EVSE); EVSE 0 the whole station.
 */
export function statusTarget(event: Pick<StationStatusEvent, 'evseId' | 'connectorId'>): { evseId: number; key: string } {
  if (event.evseId === undefined) return event.connectorId === 0 ? { evseId: 0, key: WHOLE } : { evseId: event.connectorId, key: '1' };
  if (event.evseId === 0) return { evseId: 0, key: WHOLE };
  return { evseId: event.evseId, key: event.connectorId === 0 ? WHOLE : String(event.connectorId) };
}

/**
 * Recomputes the published status of the station's EVSEs (those with a row, and `published`, which
 * get a row when they have none) from what is stored, the station's connection included (no
 * connection record: connected, as far as we know). Changed statuses are stored with `last_updated`
 * = at and returned. The caller holds the station's lock.
 */
export async function refreshStationEvses(
  evses: EvseRepository,
  stationId: string,
  published: readonly number[],
  at: Date,
): Promise<EvseChange[]> {
  await evses.ensure(stationId, published);
  const rows = await evses.ofStation(stationId);
  const connection = await evses.connection(stationId);
  const connected = connection?.connected ?? true;
  const stationWide = rows.find((r) => r.evseId === 0)?.connectors[WHOLE]?.status;
  const changes: EvseChange[] = [];
  for (const row of rows) {
    if (row.evseId === 0) continue;
    const connectors: StationConnectorStatus[] = Object.entries(row.connectors)
      .filter(([key]) => key !== WHOLE)
      .map(([, state]) => state.status);
    const evseWide = row.connectors[WHOLE]?.status;
    const status = evseStatus({
      connected,
      connectors,
      ...(evseWide !== undefined ? { evseWide } : {}),
      ...(stationWide !== undefined ? { stationWide } : {}),
    });
    if (status === row.status) continue;
    await evses.setStatus(stationId, row.evseId, status, at);
    changes.push({ stationId, evseId: row.evseId, uid: row.uid, status });
  }
  return changes;
}
