/**
 * An EV's ISO 15118 charging needs as OCPP 2.0.1 and 2.1 send them (NotifyEVChargingNeeds
 * `chargingNeeds`): the fields the allocator uses, typed so both versions' objects fit.
 */
export interface EvChargingNeeds {
  requestedEnergyTransfer: string;
  /** RFC 3339. */
  departureTime?: string;
  acChargingParameters?: { energyAmount: number; evMinCurrent: number; evMaxCurrent: number; evMaxVoltage?: number };
  dcChargingParameters?: {
    evMaxCurrent?: number;
    evMaxVoltage?: number;
    /** W. */
    evMaxPower?: number;
    /** Wh. */
    energyAmount?: number;
    stateOfCharge?: number;
    evEnergyCapacity?: number;
    fullSoC?: number;
  };
  /** OCPP 2.1 (bidirectional and the new modes). Powers in W, energies in Wh, currents in A. */
  v2xChargingParameters?: {
    minChargePower?: number;
    maxChargePower?: number;
    minChargeCurrent?: number;
    maxChargeCurrent?: number;
    evTargetEnergyRequest?: number;
    evMinEnergyRequest?: number;
  };
}

/** What the needs say about a session, per grid phase: currents in A (DC converted at the grid's voltage). */
export interface EvNeedsCurrents {
  /** Current per phase that delivers the energy still needed by the departure time (≤ maxA when known). */
  requiredA?: number;
  /** The EV's least current per phase (AC evMinCurrent; 2.1 minChargeCurrent / minChargePower). */
  minA?: number;
  /** The EV's most current per phase (AC evMaxCurrent; DC evMaxPower; 2.1 maxChargeCurrent / maxChargePower). */
  maxA?: number;
  /** Phases the requested transfer mode draws on: AC_single_phase 1, AC_two_phase 2, AC_three_phase 3, DC 3. */
  phases?: 1 | 2 | 3;
}

export interface EvNeedsOptions {
  /** Energy delivered since the needs were sent, Wh: subtracted from the energy still needed. */
  deliveredWh?: number;
  /** Phases to assume when the transfer mode does not say (2.1 AC_BPT, AC_DER, …): learnt from metering; default 3. */
  phases?: 1 | 2 | 3;
}

const MODE_PHASES: Record<string, 1 | 2 | 3> = { AC_single_phase: 1, AC_two_phase: 2, AC_three_phase: 3 };
const ceilTenth = (x: number): number => Math.ceil(x * 10 - 1e-9) / 10;

function dcEnergyWh(dc: NonNullable<EvChargingNeeds['dcChargingParameters']>): number | undefined {
  if (dc.energyAmount !== undefined) return dc.energyAmount;
  if (dc.evEnergyCapacity === undefined || dc.stateOfCharge === undefined) return undefined;
  return (dc.evEnergyCapacity * Math.max(0, (dc.fullSoC ?? 100) - dc.stateOfCharge)) / 100;
}

/**
 * The currents an EV's charging needs imply at `now` (epoch ms): requiredA = energy still needed /
 * (hours to departure × V × phases), rounded up to 0.1 A and capped at the EV's maximum; the EV's
 * maximum when the departure has passed with energy still needed; absent without a departure time
 * or an energy amount. DC (and DC_* modes) draw on three grid phases.
 */
export function requiredCurrentA(needs: EvChargingNeeds, now: number, voltageV: number, options: EvNeedsOptions = {}): EvNeedsCurrents {
  const mode = needs.requestedEnergyTransfer;
  const dcMode = mode.startsWith('DC');
  const modePhases = dcMode ? 3 : MODE_PHASES[mode];
  const phases = modePhases ?? options.phases ?? 3;
  const perPhaseOf = (watts: number): number => watts / (voltageV * phases);
  const out: EvNeedsCurrents = modePhases ? { phases: modePhases } : {};
  const ac = dcMode ? undefined : needs.acChargingParameters;
  const dc = dcMode ? needs.dcChargingParameters : undefined;
  const v2x = needs.v2xChargingParameters;
  let energyWh: number | undefined;
  if (ac) {
    energyWh = ac.energyAmount;
    out.minA = ac.evMinCurrent;
    out.maxA = ac.evMaxCurrent;
  } else if (dc) {
    energyWh = dcEnergyWh(dc);
    if (dc.evMaxPower !== undefined) out.maxA = perPhaseOf(dc.evMaxPower);
    else if (dc.evMaxCurrent !== undefined && dc.evMaxVoltage !== undefined) out.maxA = perPhaseOf(dc.evMaxCurrent * dc.evMaxVoltage);
  }
  if (v2x) {
    energyWh ??= v2x.evTargetEnergyRequest ?? v2x.evMinEnergyRequest;
    if (out.minA === undefined) {
      if (!dcMode && v2x.minChargeCurrent !== undefined) out.minA = v2x.minChargeCurrent;
      else if (v2x.minChargePower !== undefined) out.minA = perPhaseOf(v2x.minChargePower);
    }
    if (out.maxA === undefined) {
      if (!dcMode && v2x.maxChargeCurrent !== undefined) out.maxA = v2x.maxChargeCurrent;
      else if (v2x.maxChargePower !== undefined) out.maxA = perPhaseOf(v2x.maxChargePower);
    }
  }
  const departure = needs.departureTime === undefined ? NaN : Date.parse(needs.departureTime);
  if (energyWh === undefined || Number.isNaN(departure)) return out;
  const stillWh = Math.max(0, energyWh - (options.deliveredWh ?? 0));
  const hours = (departure - now) / 3_600_000;
  let required: number | undefined;
  if (stillWh === 0) required = 0;
  else if (hours <= 0) required = out.maxA;
  else required = ceilTenth(perPhaseOf(stillWh / hours));
  if (required !== undefined) out.requiredA = out.maxA === undefined ? required : Math.min(required, out.maxA);
  return out;
}
