import { decideBoot, type BootPolicyConfig, type StationBootFacts } from './boot-policy';

function aConfig(overrides: Partial<BootPolicyConfig> = {}): BootPolicyConfig {
  return { unknownStations: 'pending', defaultPolicy: 'accept', heartbeatIntervalS: 300, retryIntervalS: 60, ...overrides };
}

function aStation(overrides: Partial<StationBootFacts> = {}): StationBootFacts {
  return { policy: null, provisioned: false, ...overrides };
}

describe('decideBoot', () => {
  it.each([
    // station                                              config                                   status       interval registerWith
    [aStation(), aConfig(), 'Pending', 60, 'Pending'],
    [aStation(), aConfig({ unknownStations: 'accept' }), 'Accepted', 300, 'Accepted'],
    [aStation(), aConfig({ unknownStations: 'reject' }), 'Rejected', 60, 'Rejected'],
    [aStation({ provisioned: true }), aConfig(), 'Accepted', 300, null],
    [aStation({ provisioned: true }), aConfig({ defaultPolicy: 'pending' }), 'Pending', 60, null],
    [aStation({ provisioned: true }), aConfig({ defaultPolicy: 'reject' }), 'Rejected', 60, null],
    [aStation({ policy: 'Accepted' }), aConfig({ unknownStations: 'reject' }), 'Accepted', 300, null],
    [aStation({ policy: 'Pending', provisioned: true }), aConfig(), 'Pending', 60, null],
    [aStation({ policy: 'Rejected', provisioned: true }), aConfig({ unknownStations: 'accept' }), 'Rejected', 60, null],
  ] as const)('%j with %j answers %s (interval %d), registers %s', (station, config, status, interval, registerWith) => {
    expect(decideBoot(station, config)).toEqual({ status, interval, registerWith });
  });

  it('uses the configured heartbeat interval when Accepted and the retry wait otherwise', () => {
    const config = aConfig({ heartbeatIntervalS: 900, retryIntervalS: 15 });
    expect(decideBoot(aStation({ policy: 'Accepted' }), config).interval).toBe(900);
    expect(decideBoot(aStation({ policy: 'Pending' }), config).interval).toBe(15);
  });
});
