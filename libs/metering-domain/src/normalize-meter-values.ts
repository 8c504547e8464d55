import type { OcppVersion } from '@voltlane/ocpp';
import { MeterDecimal, decimalFromNumber, parseDecimalText, storableDecimal, toDecimalString } from './decimal-text';
import type { MeterValue16, MeterValue2x } from './meter-value-input';
import type { NormalizedSample, SampleInvalidReason, SignedMeterData } from './normalized-sample';
import { defaultUnitFor, unitConversion } from './units';

export const DEFAULT_MEASURAND = 'Energy.Active.Import.Register';
export const DEFAULT_CONTEXT = 'Sample.Periodic';
export const DEFAULT_LOCATION = 'Outlet';

type SampledValue16 = MeterValue16['sampledValue'][number];
type SampledValue2x = MeterValue2x['sampledValue'][number];

/**
 * Applies the OCPP defaults to every sampled value and converts each value, with decimal
 * arithmetic, to the normalized unit of its quantity. Never throws on station data: an
 * unusable value yields a sample with `value: null` and an `invalid` reason.
 */
export function normalizeMeterValues(protocol: 'ocpp1.6', meterValues: readonly MeterValue16[]): NormalizedSample[];
export function normalizeMeterValues(protocol: 'ocpp2.0.1' | 'ocpp2.1', meterValues: readonly MeterValue2x[]): NormalizedSample[];
export function normalizeMeterValues(
  protocol: OcppVersion,
  meterValues: readonly MeterValue16[] | readonly MeterValue2x[],
): NormalizedSample[];
export function normalizeMeterValues(
  protocol: OcppVersion,
  meterValues: readonly MeterValue16[] | readonly MeterValue2x[],
): NormalizedSample[] {
  if (protocol === 'ocpp1.6') {
    return (meterValues as readonly MeterValue16[]).flatMap((mv) => {
      const time = normalizeTimestamp(mv.timestamp);
      return mv.sampledValue.map((sv) => normalize16(time, sv));
    });
  }
  return (meterValues as readonly MeterValue2x[]).flatMap((mv) => {
    const time = normalizeTimestamp(mv.timestamp);
    return mv.sampledValue.map((sv) => normalize2x(time, sv));
  });
}

interface NormalizedTime {
  readonly timestamp: string;
  readonly valid: boolean;
}

function normalizeTimestamp(text: string): NormalizedTime {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? { timestamp: text, valid: false } : { timestamp: new Date(ms).toISOString(), valid: true };
}

function normalize16(time: NormalizedTime, sv: SampledValue16): NormalizedSample {
  const measurand = sv.measurand ?? DEFAULT_MEASURAND;
  const base = baseSample(time, measurand, sv, sv.unit ?? defaultUnitFor(measurand), sv.value);
  if (sv.format === 'SignedData') {
    return withSigned(base, { signedMeterData: sv.value });
  }
  return withValue(base, time, parseDecimalText(sv.value), 0, sv.unit ?? defaultUnitFor(measurand));
}

function normalize2x(time: NormalizedTime, sv: SampledValue2x): NormalizedSample {
  const measurand = sv.measurand ?? DEFAULT_MEASURAND;
  const unit = sv.unitOfMeasure?.unit ?? defaultUnitFor(measurand);
  const base = baseSample(time, measurand, sv, unit, String(sv.value));
  const multiplier = sv.unitOfMeasure?.multiplier ?? 0;
  if (!Number.isInteger(multiplier)) {
    return { ...base, invalid: pickInvalid(time, 'invalid-multiplier') };
  }
  const sample = withValue(base, time, decimalFromNumber(sv.value), multiplier, unit);
  if (!sv.signedMeterValue) return sample;
  // In 2.x `value` is the reading and `signedMeterValue` its proof (unlike 1.6 SignedData, which
  // replaces the value): keep both, so signed meters still yield energy.
  const { signedMeterData, encodingMethod, signingMethod, publicKey } = sv.signedMeterValue;
  return {
    ...sample,
    signed: {
      signedMeterData,
      encodingMethod,
      ...(signingMethod !== undefined ? { signingMethod } : {}),
      ...(publicKey !== undefined ? { publicKey } : {}),
    },
  };
}

interface SampleAttributes {
  context?: string;
  phase?: string;
  location?: string;
}

function baseSample(time: NormalizedTime, measurand: string, sv: SampleAttributes, unit: string, rawValue: string): NormalizedSample {
  return {
    timestamp: time.timestamp,
    measurand,
    ...(sv.phase !== undefined ? { phase: sv.phase } : {}),
    location: sv.location ?? DEFAULT_LOCATION,
    context: sv.context ?? DEFAULT_CONTEXT,
    unit: unitConversion(unit).unit,
    value: null,
    rawValue,
    ...(time.valid ? {} : { invalid: 'invalid-timestamp' as const }),
  };
}

function withSigned(base: NormalizedSample, signed: SignedMeterData): NormalizedSample {
  return { ...base, signed };
}

function withValue(
  base: NormalizedSample,
  time: NormalizedTime,
  parsed: MeterDecimal | null,
  multiplier: number,
  unit: string,
): NormalizedSample {
  if (parsed === null) return { ...base, invalid: pickInvalid(time, 'unparsable-value') };
  if (!time.valid) return base;
  const exponent = multiplier + unitConversion(unit).exponent;
  const value = storableDecimal(parsed.times(MeterDecimal.pow(10, exponent)));
  if (value === null) return { ...base, invalid: 'out-of-range' };
  return { ...base, value: toDecimalString(value) };
}

/** A bad timestamp is reported first: it makes the whole sample unplaceable. */
function pickInvalid(time: NormalizedTime, reason: SampleInvalidReason): SampleInvalidReason {
  return time.valid ? reason : 'invalid-timestamp';
}
