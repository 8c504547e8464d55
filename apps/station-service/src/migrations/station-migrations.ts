import { InitialStationSchema1735700000000 } from './1735700000000-initial-station-schema';
import { StationCommands1764100000000 } from './1764100000000-station-commands';
import { StationFaults1764200000000 } from './1764200000000-station-faults';
import { StationFiles1764200000001 } from './1764200000001-station-files';
import { CertificateSigning1764200000002 } from './1764200000002-certificate-signing';
import { PendingCredentials1765000000000 } from './1765000000000-pending-credentials';
import { CreateOcppFrames1765100000000 } from './1765100000000-create-ocpp-frames';

/** Every migration of the station-service, in order. */
export const stationMigrations = [
  InitialStationSchema1735700000000,
  StationCommands1764100000000,
  StationFaults1764200000000,
  StationFiles1764200000001,
  CertificateSigning1764200000002,
  PendingCredentials1765000000000,
  CreateOcppFrames1765100000000,
];
