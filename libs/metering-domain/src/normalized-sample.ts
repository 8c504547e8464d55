/** Why a sample's value could not be used for arithmetic (the sample is kept, its value is null). */
export type SampleInvalidReason =
  /** The 1.6 string value is not a plain decimal (empty, NaN, Infinity, hex, garbage). */
  | 'unparsable-value'
  /** The 2.x `unitOfMeasure.multiplier` is not an integer. */
  | 'invalid-multiplier'
  /** The meter value's timestamp is not a date-time; `timestamp` then holds the raw text. */
  | 'invalid-timestamp'
  /**
   * The value, in its normalized unit, has more than MAX_INTEGER_DIGITS digits before the point
   * (a huge number or `multiplier`): no meter reads that, and no column holds it. Kept raw only.
   */
  | 'out-of-range';

/** Signed meter data, kept verbatim and never used in arithmetic. */
export interface SignedMeterData {
  /** 1.6: the `value` of a `format: SignedData` sample; 2.x: `signedMeterValue.signedMeterData`. */
  signedMeterData: string;
  encodingMethod?: string;
  signingMethod?: string;
  publicKey?: string;
}

/**
 * A sampled value with every OCPP default applied and its value converted, once, to the
 * normalized unit of its quantity (Wh, varh, VAh, W, var, VA, A, V, Hz, ...).
 */
export interface NormalizedSample {
  /** ISO-8601 UTC with milliseconds (`2024-05-01T10:00:00.000Z`). */
  timestamp: string;
  /** Default `Energy.Active.Import.Register`. */
  measurand: string;
  /** Absent = the total over all phases. */
  phase?: string;
  /** Default `Outlet`. */
  location: string;
  /** Default `Sample.Periodic`. */
  context: string;
  /** The normalized unit (`Wh` for kWh input, `Celsius` for the 1.6 typo `Celcius`); '' for dimensionless. */
  unit: string;
  /** Plain decimal string (no exponent) in `unit`; null when signed or invalid. */
  value: string | null;
  /** The value exactly as the station sent it (2.x numbers as their JSON text). */
  rawValue: string;
  signed?: SignedMeterData;
  invalid?: SampleInvalidReason;
}
