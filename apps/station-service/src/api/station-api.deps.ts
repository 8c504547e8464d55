import type { BootPolicyService } from '../application/boot-policy.service';
import type { CredentialService } from '../application/credential.service';
import type { StationQueryService } from '../application/station-query.service';
import type { StationApiQueries } from './station-api.queries';
import type { StationCommandService } from './station-command.service';

/** What the station API controllers use (built from the service handle). */
export interface StationApiDeps {
  queries: StationApiQueries;
  stations: StationQueryService;
  credentials: CredentialService;
  policy: BootPolicyService;
  commands: StationCommandService;
}

export const STATION_API = Symbol('StationApiDeps');
