import {
  decideFaults,
  eventFaultCode,
  eventFaultSignals,
  securityFaultSignals,
  statusFaultSignals,
  type EventFaultReport,
  type FaultAction,
  type OpenFaultFacts,
  type StatusFaultReport,
} from './fault-rules';

const T0 = new Date('2025-01-23T12:00:00.000Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

function aStatus(overrides: Partial<StatusFaultReport> = {}): StatusFaultReport {
  return { evseId: 0, connectorId: 1, status: 'Available', errorCode: 'NoError', at: T0, current: true, ...overrides };
}

function anOpenFault(overrides: Partial<OpenFaultFacts> = {}): OpenFaultFacts {
  return {
    id: '7',
    evseId: 0,
    connectorId: 1,
    source: 'StatusNotification',
    code: 'GroundFailure',
    firstSeenAt: T0,
    lastSeenAt: T0,
    ...overrides,
  };
}

function anEvent(overrides: Partial<EventFaultReport> = {}): EventFaultReport {
  return {
    eventId: 3,
    timestamp: at(5).toISOString(),
    trigger: 'Alerting',
    actualValue: 'true',
    component: { name: 'ChargingStation' },
    variable: { name: 'Problem' },
    ...overrides,
  };
}

/** The status rules then the decision, as the status service applies them: action types and codes. */
function statusOutcome(open: OpenFaultFacts[], report: StatusFaultReport): string[] {
  return decideFaults(open, statusFaultSignals(report)).map(summary);
}

function summary(action: FaultAction): string {
  if (action.type === 'open')
    return `open ${action.signal.source}/${action.signal.code}@${action.signal.evseId}.${action.signal.connectorId}`;
  if (action.type === 'refresh') return `refresh ${action.faultId}`;
  return `resolve ${action.faultId}`;
}

describe('status faults (StatusNotification, 1.6 and 2.x)', () => {
  it.each<[string, OpenFaultFacts[], StatusFaultReport, string[]]>([
    [
      '1.6 errorCode other than NoError opens a fault for the connector and code',
      [],
      aStatus({ status: 'Faulted', errorCode: 'GroundFailure' }),
      ['open StatusNotification/GroundFailure@0.1'],
    ],
    [
      'an errorCode with a non-Faulted status (a warning) opens too',
      [],
      aStatus({ status: 'Charging', errorCode: 'HighTemperature' }),
      ['open StatusNotification/HighTemperature@0.1'],
    ],
    ['1.6 Faulted with NoError opens a Faulted fault', [], aStatus({ status: 'Faulted' }), ['open StatusNotification/Faulted@0.1']],
    [
      '2.x Faulted (no errorCode) opens a Faulted fault on the EVSE connector',
      [],
      aStatus({ evseId: 2, connectorId: 1, status: 'Faulted', errorCode: undefined }),
      ['open StatusNotification/Faulted@2.1'],
    ],
    [
      'the same code again refreshes the open fault',
      [anOpenFault()],
      aStatus({ status: 'Faulted', errorCode: 'GroundFailure', at: at(30) }),
      ['refresh 7'],
    ],
    [
      'another code opens a second fault and keeps the first open',
      [anOpenFault()],
      aStatus({ status: 'Faulted', errorCode: 'OverCurrentFailure', at: at(30) }),
      ['open StatusNotification/OverCurrentFailure@0.1'],
    ],
    [
      'the same code on another connector opens its own fault',
      [anOpenFault()],
      aStatus({ connectorId: 2, status: 'Faulted', errorCode: 'GroundFailure', at: at(30) }),
      ['open StatusNotification/GroundFailure@0.2'],
    ],
    [
      'a later NoError, not Faulted status resolves the connector faults',
      [anOpenFault(), anOpenFault({ id: '8', code: 'Faulted' })],
      aStatus({ at: at(60) }),
      ['resolve 7', 'resolve 8'],
    ],
    [
      '2.x Available (no errorCode) resolves a Faulted fault',
      [anOpenFault({ evseId: 1, code: 'Faulted' })],
      aStatus({ evseId: 1, errorCode: undefined, at: at(60) }),
      ['resolve 7'],
    ],
    ['a NoError status with the same timestamp resolves', [anOpenFault()], aStatus({ at: T0 }), ['resolve 7']],
    ['a NoError status leaves other connectors alone', [anOpenFault({ connectorId: 2 })], aStatus({ at: at(60) }), []],
    [
      'a NoError status leaves NotifyEvent and security faults alone',
      [anOpenFault({ source: 'NotifyEvent' }), anOpenFault({ id: '9', source: 'SecurityEvent' })],
      aStatus({ at: at(60) }),
      [],
    ],
    ['a late, older NoError status never resolves a newer fault', [anOpenFault({ lastSeenAt: at(60) })], aStatus({ at: at(30) }), []],
    [
      'a report older than the current status opens nothing',
      [],
      aStatus({ status: 'Faulted', errorCode: 'GroundFailure', current: false }),
      [],
    ],
    ['a report older than the current status resolves nothing', [anOpenFault()], aStatus({ at: at(60), current: false }), []],
    ['NoError with no open fault does nothing', [], aStatus(), []],
  ])('%s', (_name, open, report, expected) => {
    expect(statusOutcome(open, report)).toEqual(expected);
  });

  it('keeps the earliest first-seen and the latest last-seen time on a refresh; an older report does not win vendor code and info', () => {
    const open = [anOpenFault({ firstSeenAt: at(10), lastSeenAt: at(20) })];
    const [older] = decideFaults(open, statusFaultSignals(aStatus({ status: 'Faulted', errorCode: 'GroundFailure', at: at(5) })));
    expect(older).toMatchObject({ type: 'refresh', firstSeenAt: at(5), lastSeenAt: at(20), newest: false });
    const [newer] = decideFaults(
      open,
      statusFaultSignals(aStatus({ status: 'Faulted', errorCode: 'GroundFailure', vendorErrorCode: 'E7', at: at(40) })),
    );
    expect(newer).toMatchObject({ type: 'refresh', firstSeenAt: at(10), lastSeenAt: at(40), newest: true, signal: { vendorCode: 'E7' } });
  });

  it('carries vendor code and info and a re-delivery key per connector and time', () => {
    const [signal] = statusFaultSignals(aStatus({ status: 'Faulted', errorCode: 'GroundFailure', vendorErrorCode: 'GF-1', info: 'leak' }));
    expect(signal).toEqual({
      kind: 'raise',
      evseId: 0,
      connectorId: 1,
      source: 'StatusNotification',
      code: 'GroundFailure',
      vendorCode: 'GF-1',
      info: 'leak',
      at: T0,
      part: `status:0:1:${T0.toISOString()}`,
    });
  });
});

describe('NotifyEvent faults (2.x)', () => {
  it.each<[string, EventFaultReport, string[]]>([
    ['a Problem variable set to true opens', anEvent({ trigger: 'Delta' }), ['open NotifyEvent/ChargingStation/Problem@0.0']],
    [
      'an Alerting event opens, on its EVSE and connector',
      anEvent({ component: { name: 'Connector', evse: { id: 1, connectorId: 2 } }, variable: { name: 'Tripped' } }),
      ['open NotifyEvent/Connector/Tripped@1.2'],
    ],
    [
      'a Delta event of an ordinary variable does nothing',
      anEvent({ trigger: 'Delta', variable: { name: 'Power' }, actualValue: '7000' }),
      [],
    ],
    ['a Periodic event does nothing', anEvent({ trigger: 'Periodic', variable: { name: 'Temperature' }, actualValue: '40' }), []],
    [
      'a Connector AvailabilityState event is a status, not an event fault',
      anEvent({
        component: { name: 'Connector', evse: { id: 1, connectorId: 1 } },
        variable: { name: 'AvailabilityState' },
        actualValue: 'Faulted',
      }),
      [],
    ],
  ])('%s', (_name, event, expected) => {
    expect(decideFaults([], eventFaultSignals(event)).map(summary)).toEqual(expected);
  });

  const openEvent = anOpenFault({ source: 'NotifyEvent', evseId: 0, connectorId: 0, code: 'ChargingStation/Problem', lastSeenAt: at(5) });

  it.each<[string, EventFaultReport, string[]]>([
    [
      'cleared: true resolves the matching fault',
      anEvent({ cleared: true, actualValue: 'false', timestamp: at(10).toISOString() }),
      ['resolve 7'],
    ],
    [
      'a Problem variable back to false resolves',
      anEvent({ trigger: 'Delta', actualValue: 'false', timestamp: at(10).toISOString() }),
      ['resolve 7'],
    ],
    [
      'cleared on another component resolves nothing',
      anEvent({ cleared: true, component: { name: 'Controller' }, timestamp: at(10).toISOString() }),
      [],
    ],
    ['cleared older than the fault resolves nothing', anEvent({ cleared: true, timestamp: at(1).toISOString() }), []],
    ['the same problem again refreshes', anEvent({ eventId: 4, timestamp: at(10).toISOString() }), ['refresh 7']],
  ])('%s', (_name, event, expected) => {
    expect(decideFaults([openEvent], eventFaultSignals(event)).map(summary)).toEqual(expected);
  });

  it('codes name component and variable with their instances; techCode is the vendor code, techInfo the info', () => {
    const event = anEvent({
      component: { name: 'PowerConverter', instance: 'A' },
      variable: { name: 'Fault', instance: 'DC' },
      techCode: 'PC-17',
      techInfo: 'overheat',
    });
    expect(eventFaultCode(event)).toBe('PowerConverter.A/Fault.DC');
    expect(eventFaultSignals(event)).toEqual([
      {
        kind: 'raise',
        evseId: 0,
        connectorId: 0,
        source: 'NotifyEvent',
        code: 'PowerConverter.A/Fault.DC',
        vendorCode: 'PC-17',
        info: 'overheat',
        at: at(5),
        part: 'event:3',
      },
    ]);
  });

  it('a problem raised and cleared in the same frame leaves nothing', () => {
    const signals = [
      ...eventFaultSignals(anEvent()),
      ...eventFaultSignals(anEvent({ eventId: 4, cleared: true, timestamp: at(6).toISOString() })),
    ];
    expect(decideFaults([], signals)).toEqual([]);
  });

  it('the same problem twice in one frame opens one fault', () => {
    const signals = [...eventFaultSignals(anEvent()), ...eventFaultSignals(anEvent({ eventId: 4 }))];
    expect(decideFaults([], signals).map(summary)).toEqual(['open NotifyEvent/ChargingStation/Problem@0.0']);
  });
});

describe('security event faults', () => {
  it('a SecurityEventNotification opens a station-level fault coded by its type', () => {
    const signals = securityFaultSignals('InvalidFirmwareSignature', T0.toISOString(), 'bad sig');
    expect(decideFaults([], signals).map(summary)).toEqual(['open SecurityEvent/InvalidFirmwareSignature@0.0']);
    expect(signals[0]).toMatchObject({ info: 'bad sig', at: T0 });
  });

  it('the same type again refreshes it; nothing from the station resolves it', () => {
    const open = [anOpenFault({ source: 'SecurityEvent', connectorId: 0, code: 'InvalidFirmwareSignature' })];
    expect(decideFaults(open, securityFaultSignals('InvalidFirmwareSignature', at(9).toISOString())).map(summary)).toEqual(['refresh 7']);
    expect(decideFaults(open, statusFaultSignals(aStatus({ connectorId: 0, at: at(60) })))).toEqual([]);
  });
});
