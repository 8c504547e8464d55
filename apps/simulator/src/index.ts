// Public surface of the simulator for tests that drive simulated stations in their own process
// (the load-management end-to-end suite): one station, its options, its clock and counters.
export { Station, type StationEnv } from './station/station';
export { stationOptions, type StationOptions } from './station/station-options';
export type { StartRequest } from './station/protocol-behaviour';
export type { VehicleSpec } from './station/vehicles';
export { Scheduler } from './scheduling/scheduler';
export { FleetStats } from './stats/fleet-stats';
