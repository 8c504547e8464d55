import { ArgsError, parseSimulatorArgs } from './args';

describe('parseSimulatorArgs', () => {
  it('has defaults that need nothing set', () => {
    const o = parseSimulatorArgs([]);
    expect(o).toMatchObject({
      stations: 1,
      protocol: 'ocpp1.6',
      url: 'ws://localhost:9000/ocpp',
      idPrefix: 'sim',
      securityProfile: 0,
      bootOnReconnect: false,
    });
    expect(o.durationS).toBeUndefined();
  });

  it('reads the documented example', () => {
    const o = parseSimulatorArgs(['--stations', '50', '--protocol', 'ocpp1.6', '--url', 'ws://localhost:9000/ocpp/']);
    expect(o.stations).toBe(50);
    expect(o.url).toBe('ws://localhost:9000/ocpp');
  });

  it('reads every shaping and connection flag', () => {
    const o = parseSimulatorArgs([
      '--protocol=mixed',
      '--id-prefix',
      'bench',
      '--password',
      'secret-password-16',
      '--security-profile',
      '1',
      '--sessions-per-hour',
      '4',
      '--session-share',
      '0.25',
      '--sample-interval',
      '15',
      '--aligned-interval',
      '0',
      '--reconnect-min-ms',
      '200',
      '--reconnect-max-ms',
      '5000',
      '--boot-on-reconnect',
      '--duration',
      '3',
      '--summary-json',
      '/tmp/s.json',
      '--quiet',
      '--max-kw',
      '11',
      '--session-seconds',
      '600',
      '--connectors',
      '1',
    ]);
    expect(o).toMatchObject({
      protocol: 'mixed',
      idPrefix: 'bench',
      password: 'secret-password-16',
      securityProfile: 1,
      sessionsPerHour: 4,
      sessionShare: 0.25,
      sampleIntervalS: 15,
      alignedIntervalS: 0,
      reconnectMinMs: 200,
      reconnectMaxMs: 5000,
      bootOnReconnect: true,
      durationS: 3,
      summaryJson: '/tmp/s.json',
      quiet: true,
      maxKw: 11,
      sessionSeconds: 600,
      connectors: 1,
    });
  });

  it('reads the vehicle mix and the sampled measurands', () => {
    expect(parseSimulatorArgs([])).toMatchObject({
      onePhaseShare: 0,
      vehiclePhases: undefined,
      maxCurrentA: undefined,
      sampledMeasurands: undefined,
    });
    expect(
      parseSimulatorArgs([
        '--one-phase-share',
        '0.5',
        '--vehicle-phases',
        '1, 3,3',
        '--max-current-a',
        '16',
        '--sampled-measurands',
        'Current.Import,Power.Active.Import',
      ]),
    ).toMatchObject({
      onePhaseShare: 0.5,
      vehiclePhases: [1, 3, 3],
      maxCurrentA: 16,
      sampledMeasurands: ['Current.Import', 'Power.Active.Import'],
    });
  });

  it('defaults the security profile to 1 when a password is given', () => {
    expect(parseSimulatorArgs(['--password', 'pw-1234567890123']).securityProfile).toBe(1);
  });

  it.each([
    [['--stations', 'many'], '--stations'],
    [['--stations', '0'], '--stations'],
    [['--stations', '1.5'], '--stations'],
    [['--protocol', 'ocpp2.0'], '--protocol'],
    [['--url', 'http://localhost:9000'], '--url'],
    [['--url', 'not a url'], '--url'],
    [['--session-share', '1.5'], '--session-share'],
    [['--session-share', 'half'], '--session-share'],
    [['--max-kw', '0'], '--max-kw'],
    [['--sample-interval', '-1'], '--sample-interval'],
    [['--security-profile', '4'], '--security-profile'],
    [['--security-profile', '1'], '--password'],
    [['--security-profile', '2', '--password', 'pw-1234567890123'], '--url'],
    [['--url', 'wss://h/ocpp', '--security-profile', '3'], '--cert-file'],
    [['--reconnect-min-ms', '5000', '--reconnect-max-ms', '100'], '--reconnect-max-ms'],
    [['--id-prefix', 'has space'], '--id-prefix'],
    [['--duration', '0'], '--duration'],
    [['--one-phase-share', '2'], '--one-phase-share'],
    [['--vehicle-phases', '1,2'], '--vehicle-phases'],
    [['--vehicle-phases', ''], '--vehicle-phases'],
    [['--max-current-a', '0'], '--max-current-a'],
    [['--sampled-measurands', 'Energy.Active.Import.Register,Current.Nope'], '--sampled-measurands'],
    [['--sampled-measurands', ''], '--sampled-measurands'],
    [['--no-such-flag'], '--no-such-flag'],
    [['--stations'], '--stations'],
    [['positional'], 'arguments'],
  ])('%j fails naming %s', (argv, flag) => {
    let error: unknown;
    try {
      parseSimulatorArgs(argv);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ArgsError);
    expect((error as ArgsError).flag).toBe(flag);
    expect((error as ArgsError).message).toContain(flag);
  });
});
