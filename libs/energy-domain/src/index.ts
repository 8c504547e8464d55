// Public surface of @voltlane/energy-domain: the load-management allocator and its pure helpers.
// No I/O, no clocks, no framework.
export type * from './model';
export { allocate, floorTenth } from './allocate';
export { EnergyInputError, EnergyInputErrorCode } from './energy-input-error';
export { limitInForce } from './site-tree';
export { overloadedNodes, type MeasuredDraw } from './overloads';
export { PHASE_ROTATIONS, gridPhasesOf, type PhaseRotation } from './phase-rotation';
export { failSafeLimitA, failSafeLimitsA, type FailSafeInput } from './fail-safe-limit';
export { requiredCurrentA, type EvChargingNeeds, type EvNeedsCurrents, type EvNeedsOptions } from './charging-needs';
export { nextDemand, type HoldOffInput, type HoldOffState } from './hold-off';
export { scheduleWithin, type EvSchedule, type ScheduleCheck } from './schedule-within';
