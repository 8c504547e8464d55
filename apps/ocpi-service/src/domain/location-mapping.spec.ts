import {
  DEFAULT_CONNECTOR,
  emi3EvseId,
  evseStatus,
  evseStatusPatch,
  evseUid,
  ocpiStatusOf,
  toOcpiLocation,
  type EvseRecord,
  type LocationRecord,
} from './location-mapping';

const party = { countryCode: 'NL', partyId: 'VLT', businessName: 'Voltlane' };

describe('EVSE identifiers', () => {
  it('uid is <stationId>-<evseId>, or a 36-digit hash when that is longer than 36', () => {
    expect(evseUid('CS-1', 2)).toBe('CS-1-2');
    const long = 'station-with-a-very-long-identifier-0001';
    const uid = evseUid(long, 1);
    expect(uid).toMatch(/^[0-9a-f]{36}$/);
    expect(evseUid(long, 1)).toBe(uid);
    expect(evseUid(long, 2)).not.toBe(uid);
  });

  it('evse_id is eMI3 <CC>*<PARTY>*E<station>*<evse> with only A-Z, 0-9 and * kept', () => {
    expect(emi3EvseId(party, 'cs-1.a', 2)).toBe('NL*VLT*ECS1A*2');
    const long = emi3EvseId(party, 'x'.repeat(48), 12);
    expect(long).toHaveLength(48);
    expect(long).toMatch(/^NL\*VLT\*E[0-9A-F]+\*12$/);
    expect(emi3EvseId(party, 'y'.repeat(48), 12)).not.toBe(long);
  });
});

describe('status mapping', () => {
  it('maps every OCPP connector status as the design says', () => {
    expect(ocpiStatusOf('Available')).toBe('AVAILABLE');
    for (const busy of ['Occupied', 'Charging', 'Preparing', 'SuspendedEV', 'SuspendedEVSE', 'Finishing'] as const)
      expect(ocpiStatusOf(busy)).toBe('CHARGING');
    expect(ocpiStatusOf('Reserved')).toBe('RESERVED');
    expect(ocpiStatusOf('Unavailable')).toBe('INOPERATIVE');
    expect(ocpiStatusOf('Faulted')).toBe('OUTOFORDER');
  });

  it('is UNKNOWN while the station is disconnected, whatever it reported', () => {
    expect(evseStatus({ connected: false, connectors: ['Charging'] })).toBe('UNKNOWN');
    expect(evseStatus({ connected: true, connectors: [] })).toBe('UNKNOWN');
  });

  it('takes the most telling connector status of an EVSE', () => {
    expect(evseStatus({ connected: true, connectors: ['Faulted', 'Available'] })).toBe('AVAILABLE');
    expect(evseStatus({ connected: true, connectors: ['Available', 'Occupied'] })).toBe('CHARGING');
    expect(evseStatus({ connected: true, connectors: ['Available', 'Reserved'] })).toBe('RESERVED');
    expect(evseStatus({ connected: true, connectors: ['Unavailable', 'Faulted'] })).toBe('OUTOFORDER');
  });

  it('lets an EVSE-wide or station-wide Unavailable/Faulted win unless a session runs', () => {
    expect(evseStatus({ connected: true, connectors: ['Available'], stationWide: 'Unavailable' })).toBe('INOPERATIVE');
    expect(evseStatus({ connected: true, connectors: ['Available'], evseWide: 'Faulted', stationWide: 'Available' })).toBe('OUTOFORDER');
    expect(evseStatus({ connected: true, connectors: ['Charging'], stationWide: 'Unavailable' })).toBe('CHARGING');
    expect(evseStatus({ connected: true, connectors: ['Reserved'], stationWide: 'Available' })).toBe('RESERVED');
    expect(evseStatus({ connected: true, connectors: [], stationWide: 'Available' })).toBe('AVAILABLE');
  });
});

describe('the OCPI Location', () => {
  const at = new Date('2025-03-01T10:00:00.000Z');
  const later = new Date('2025-03-01T11:30:00.000Z');
  const location: LocationRecord = {
    locationId: 'LOC1',
    name: null,
    address: 'Main street 1',
    city: 'Utrecht',
    postalCode: '3511 AA',
    state: null,
    country: 'NLD',
    latitude: '52.090737',
    longitude: '5.121420',
    timeZone: 'Europe/Amsterdam',
    parkingType: 'ON_STREET',
    publish: true,
    connector: { ...DEFAULT_CONNECTOR, maxElectricPower: 22000 },
    createdAt: at,
    lastUpdated: at,
  };
  const evses: EvseRecord[] = [
    { stationId: 'CS2', evseId: 1, uid: 'CS2-1', status: 'CHARGING', tariffIds: [], lastUpdated: later },
    { stationId: 'CS1', evseId: 2, uid: 'CS1-2', status: 'AVAILABLE', tariffIds: ['T1'], lastUpdated: at },
    { stationId: 'CS1', evseId: 1, uid: 'CS1-1', status: 'AVAILABLE', tariffIds: ['T1'], lastUpdated: at },
  ];

  it('has every required field of 2.2.1, EVSEs in order, and the newest last_updated', () => {
    const ocpi = toOcpiLocation(party, location, evses);
    expect(ocpi).toEqual({
      country_code: 'NL',
      party_id: 'VLT',
      id: 'LOC1',
      publish: true,
      address: 'Main street 1',
      city: 'Utrecht',
      postal_code: '3511 AA',
      country: 'NLD',
      coordinates: { latitude: '52.090737', longitude: '5.121420' },
      parking_type: 'ON_STREET',
      evses: expect.any(Array),
      operator: { name: 'Voltlane' },
      time_zone: 'Europe/Amsterdam',
      last_updated: '2025-03-01T11:30:00.000Z',
    });
    expect(ocpi.evses.map((e) => e.uid)).toEqual(['CS1-1', 'CS1-2', 'CS2-1']);
    expect(ocpi.evses[0]).toEqual({
      uid: 'CS1-1',
      evse_id: 'NL*VLT*ECS1*1',
      status: 'AVAILABLE',
      capabilities: ['REMOTE_START_STOP_CAPABLE', 'UNLOCK_CAPABLE'],
      connectors: [
        {
          id: '1',
          standard: 'IEC_62196_T2',
          format: 'SOCKET',
          power_type: 'AC_3_PHASE',
          max_voltage: 230,
          max_amperage: 32,
          max_electric_power: 22000,
          tariff_ids: ['T1'],
          last_updated: '2025-03-01T10:00:00.000Z',
        },
      ],
      last_updated: '2025-03-01T10:00:00.000Z',
    });
    expect(ocpi.evses[2]?.connectors[0]).not.toHaveProperty('tariff_ids');
  });

  it('leaves out optional fields that are not set', () => {
    const ocpi = toOcpiLocation(party, { ...location, postalCode: null, parkingType: null, name: 'Depot' }, []);
    expect(ocpi).not.toHaveProperty('postal_code');
    expect(ocpi).not.toHaveProperty('parking_type');
    expect(ocpi.name).toBe('Depot');
    expect(ocpi.evses).toEqual([]);
    expect(ocpi.last_updated).toBe('2025-03-01T10:00:00.000Z');
  });

  it('a status PATCH carries the status and last_updated', () => {
    expect(evseStatusPatch('OUTOFORDER', later)).toEqual({ status: 'OUTOFORDER', last_updated: '2025-03-01T11:30:00.000Z' });
  });
});
