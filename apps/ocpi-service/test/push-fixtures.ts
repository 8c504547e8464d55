// What the locations, tariffs and sessions specs share: request bodies, records of billing.tariffs.v1
// (the tariff mapping's unit spec builds its versions here too), and a view of what a receiving partner took.
import type { TariffCatalogEntry, TariffVersionSnapshot } from '@voltlane/contracts';
import { waitFor } from '@voltlane/testing';
import type { Answer, OcpiTestApi } from './ocpi-test-api';
import type { PushReceiver, ReceivedPush } from './push-receiver';

export const LOCATIONS = '/ocpi/emsp/2.2.1/locations';
export const TARIFFS = '/ocpi/emsp/2.2.1/tariffs';

/** An operator's PUT body of a location with these stations. */
export const depot = (stations: { stationId: string; evseCount?: number }[], over: Record<string, unknown> = {}) => ({
  name: 'Depot',
  address: 'Main street 1',
  city: 'Utrecht',
  postalCode: '3511 AA',
  country: 'NLD',
  latitude: '52.090737',
  longitude: '5.121420',
  timeZone: 'Europe/Amsterdam',
  parkingType: 'PARKING_LOT',
  stations,
  ...over,
});

/** An EVSE as the operator API or a pushed OCPI Location has it (the fields the specs read). */
export interface EvseView {
  uid: string;
  evseId?: string;
  status: string;
  connectors: { tariff_ids?: string[] }[];
}

export const statusOf = (push: ReceivedPush): string => (push.body as { status: string }).status;

/** What a partner took, as the specs look at it. */
export class TakenPushes {
  constructor(private readonly receiver: PushReceiver) {}

  /** How many it has taken so far (a mark for `since`). */
  get count(): number {
    return this.receiver.accepted().length;
  }

  since(from: number): ReceivedPush[] {
    return this.receiver.accepted().slice(from);
  }

  /** Waits until it has taken `count` more than at `from`, then a moment for any extra one. */
  async waitSince(from: number, count: number): Promise<ReceivedPush[]> {
    await waitFor(() => this.since(from).length >= count, { timeoutMs: 15_000, message: `${count} pushes since ${from}` });
    await new Promise((resolve) => setTimeout(resolve, 250));
    return this.since(from);
  }
}

/** An OCPI pull from the CPO's Sender interface. */
export const pullFrom =
  (api: OcpiTestApi, token: string) =>
  (path: string): Promise<Answer> =>
    api.ocpi('GET', `/cpo/2.2.1${path}`, token);

export const tariffVersion = (over: Partial<TariffVersionSnapshot> = {}): TariffVersionSnapshot => ({
  version: 1,
  name: 'Standard',
  currency: 'EUR',
  timeZone: 'Europe/Amsterdam',
  energyPerKwh: '0.30',
  chargingPerMinute: '0',
  idlePerMinute: '0.10',
  idleGraceMinutes: 0,
  sessionFee: '0.50',
  bands: [],
  taxRatePercent: '21',
  rounding: 'HALF_UP',
  validFrom: '2020-01-01T00:00:00.000Z',
  validTo: null,
  ...over,
});

/** Valid from 2020 on, open-ended. */
export const always = { validFrom: '2020-01-01T00:00:00.000Z', validTo: null };

export const tariffRecord = (
  tariffId: string,
  revision: number,
  versions: TariffVersionSnapshot[],
  assignments: TariffCatalogEntry['assignments'],
): TariffCatalogEntry => ({ tariffId, revision, versions, assignments });
