// The one place where units of measure are converted. Every quantity is brought to its base
// unit (energy in Wh/varh/VAh, power in W/var/VA); temperatures keep their scale.

interface UnitConversion {
  /** The normalized unit. */
  readonly unit: string;
  /** Power of ten to multiply the value by (kWh → Wh: 3). */
  readonly exponent: number;
}

const CONVERSIONS: Readonly<Record<string, UnitConversion>> = {
  Wh: { unit: 'Wh', exponent: 0 },
  kWh: { unit: 'Wh', exponent: 3 },
  varh: { unit: 'varh', exponent: 0 },
  kvarh: { unit: 'varh', exponent: 3 },
  VAh: { unit: 'VAh', exponent: 0 },
  kVAh: { unit: 'VAh', exponent: 3 },
  W: { unit: 'W', exponent: 0 },
  kW: { unit: 'W', exponent: 3 },
  var: { unit: 'var', exponent: 0 },
  kvar: { unit: 'var', exponent: 3 },
  VA: { unit: 'VA', exponent: 0 },
  kVA: { unit: 'VA', exponent: 3 },
  A: { unit: 'A', exponent: 0 },
  V: { unit: 'V', exponent: 0 },
  Hz: { unit: 'Hz', exponent: 0 },
  K: { unit: 'K', exponent: 0 },
  Celsius: { unit: 'Celsius', exponent: 0 },
  // The OCPP 1.6 JSON schema spells it this way; stations copy it.
  Celcius: { unit: 'Celsius', exponent: 0 },
  Fahrenheit: { unit: 'Fahrenheit', exponent: 0 },
  Percent: { unit: 'Percent', exponent: 0 },
  s: { unit: 's', exponent: 0 },
};

const CONVERSIONS_BY_LOWER_CASE: ReadonlyMap<string, UnitConversion> = new Map(
  Object.entries(CONVERSIONS).map(([unit, conversion]) => [unit.toLowerCase(), conversion]),
);

/**
 * How to bring a value in `unit` to its normalized unit. Exact spelling first, then
 * case-insensitively (stations send "kwh"); an unknown (custom) unit is kept as sent.
 */
export function unitConversion(unit: string): UnitConversion {
  return (
    (Object.hasOwn(CONVERSIONS, unit) ? CONVERSIONS[unit] : undefined) ??
    CONVERSIONS_BY_LOWER_CASE.get(unit.toLowerCase()) ?? { unit, exponent: 0 }
  );
}

/**
 * The unit a sample has when the station sends none. OCPP: "Wh if the (default) measurand is
 * an Energy type"; for other measurands the quantity's own base unit, so that a Voltage
 * sample without a unit is not labelled Wh.
 */
export function defaultUnitFor(measurand: string): string {
  if (measurand.startsWith('Energy.Reactive.')) return 'varh';
  if (measurand.startsWith('Energy.Apparent.')) return 'VAh';
  if (measurand.startsWith('Energy.')) return 'Wh';
  if (measurand.startsWith('Power.Reactive.')) return 'var';
  if (measurand === 'Power.Factor') return '';
  if (measurand.startsWith('Power.')) return 'W';
  if (measurand.startsWith('Current.')) return 'A';
  switch (measurand) {
    case 'Voltage':
      return 'V';
    case 'Frequency':
      return 'Hz';
    case 'SoC':
      return 'Percent';
    case 'Temperature':
      return 'Celsius';
    case 'RPM':
      return 'RPM';
    default:
      return '';
  }
}
