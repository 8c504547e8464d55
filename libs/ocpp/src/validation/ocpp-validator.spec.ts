import { errorCode } from '../errors/error-codes';
import { schemasOf, type SchemaKind } from '../schemas/schema-registry';
import { invalidExamples, minimalInstance } from '../testing/schema-examples';
import { OCPP_VERSIONS, type OcppVersion } from '../versions/ocpp-version';
import { OcppValidator } from './ocpp-validator';

const validator = new OcppValidator();

function validate(version: OcppVersion, action: string, kind: SchemaKind, payload: unknown) {
  return kind === 'request' ? validator.validateRequest(version, action, payload) : validator.validateResponse(version, action, payload);
}

const schemaCases = OCPP_VERSIONS.flatMap((version) => {
  const { requests, responses } = schemasOf(version);
  return [
    ...[...requests].map(([action, schema]) => ({ version, action, kind: 'request' as const, schema })),
    ...[...responses].map(([action, schema]) => ({ version, action, kind: 'response' as const, schema })),
  ];
});

describe('OcppValidator', () => {
  it('covers every schema of every version (78 + 128 + 181)', () => {
    expect(schemaCases).toHaveLength(78 + 128 + 181);
  });

  it.each(schemaCases)('$version $action $kind: a minimal valid payload passes', ({ version, action, kind, schema }) => {
    expect(validate(version, action, kind, minimalInstance(schema))).toEqual({ ok: true });
  });

  const invalidCases = schemaCases.flatMap(({ version, action, kind, schema }) =>
    invalidExamples(schema).map((example) => ({ version, action, kind, ...example })),
  );

  it.each(invalidCases)('$version $action $kind: $name -> $expected', ({ version, action, kind, payload, expected }) => {
    const outcome = validate(version, action, kind, payload);
    expect(outcome).toMatchObject({ ok: false, error: expected });
    if (!outcome.ok) {
      expect(outcome.message.length).toBeGreaterThan(0);
      expect(outcome.message.length).toBeLessThanOrEqual(255);
    }
  });

  it('names the offending field in the message', () => {
    expect(validator.validateRequest('ocpp1.6', 'Authorize', {})).toEqual({
      ok: false,
      error: 'OccurrenceConstraintViolation',
      message: "(root) must have required property 'idTag'",
    });
    expect(validator.validateRequest('ocpp1.6', 'Authorize', { idTag: 'x'.repeat(21) })).toEqual({
      ok: false,
      error: 'PropertyConstraintViolation',
      message: '/idTag must NOT have more than 20 characters',
    });
  });

  it.each([
    ['ocpp1.6', 'OccurenceConstraintViolation', 'TypeConstraintViolation', 'PropertyConstraintViolation'],
    ['ocpp2.0.1', 'OccurrenceConstraintViolation', 'TypeConstraintViolation', 'PropertyConstraintViolation'],
    ['ocpp2.1', 'OccurrenceConstraintViolation', 'TypeConstraintViolation', 'PropertyConstraintViolation'],
  ] as const)('%s spells the mapped codes %s / %s / %s on the wire', (version, occurrence, type, property) => {
    const missing = validator.validateRequest(version, 'Heartbeat', { unexpected: true });
    const wrongType = validator.validateRequest(version, 'DataTransfer', { vendorId: 7 });
    const badValue = validator.validateRequest(version, 'DataTransfer', { vendorId: 'v'.repeat(256) });
    expect([missing, wrongType, badValue].map((o) => (o.ok ? 'ok' : errorCode(version, o.error)))).toEqual([occurrence, type, property]);
  });

  describe('leniency where the protocol needs it', () => {
    const meterValues = (timestamp: string, unit?: string) => ({
      connectorId: 1,
      meterValue: [{ timestamp, sampledValue: [{ value: '21.5', measurand: 'Temperature', ...(unit && { unit }) }] }],
    });

    it.each(['2024-05-01T10:00:00Z', '2024-05-01T12:00:00+02:00', '2024-05-01T10:00:00.123Z', '2024-05-01T10:00:00.123456-05:30'])(
      'ocpp1.6 accepts the timestamp %s',
      (timestamp) => {
        expect(validator.validateRequest('ocpp1.6', 'MeterValues', meterValues(timestamp))).toEqual({ ok: true });
      },
    );

    it('rejects a timestamp without a zone (RFC 3339 date-time)', () => {
      expect(validator.validateRequest('ocpp1.6', 'MeterValues', meterValues('2024-05-01T10:00:00'))).toMatchObject({
        ok: false,
        error: 'PropertyConstraintViolation',
      });
    });

    it.each(['Celcius', 'Celsius'])('ocpp1.6 accepts the unit spelling %s', (unit) => {
      expect(validator.validateRequest('ocpp1.6', 'MeterValues', meterValues('2024-05-01T10:00:00Z', unit))).toEqual({
        ok: true,
      });
    });

    it.each([0.3, 1.1, 16.1, 32])('ocpp1.6 accepts the one-decimal limit %s despite floating point', (limit) => {
      const payload = {
        connectorId: 1,
        csChargingProfiles: {
          chargingProfileId: 1,
          stackLevel: 0,
          chargingProfilePurpose: 'TxDefaultProfile',
          chargingProfileKind: 'Absolute',
          chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit }] },
        },
      };
      expect(validator.validateRequest('ocpp1.6', 'SetChargingProfile', payload)).toEqual({ ok: true });
    });
  });

  it('does not mutate the payload (schema defaults are not applied)', () => {
    const payload = { evseId: 1, timeout: 60 };
    validator.validateRequest('ocpp2.1', 'NotifyWebPaymentStarted', payload);
    expect(payload).toEqual({ evseId: 1, timeout: 60 });
  });

  it.each([
    ['validateRequest', 'ocpp1.6', 'TransactionEvent', 'NotImplemented'],
    ['validateResponse', 'ocpp2.0.1', 'NoSuchAction', 'NotImplemented'],
    ['validateResponse', 'ocpp2.1', 'NotifyPeriodicEventStream', 'ProtocolError'],
  ] as const)('%s(%s, %s) without a schema -> %s', (method, version, action, error) => {
    expect(validator[method](version, action, {})).toMatchObject({ ok: false, error });
  });

  it('precompiles a version up front', () => {
    expect(() => new OcppValidator().precompile('ocpp2.1')).not.toThrow();
  });
});
