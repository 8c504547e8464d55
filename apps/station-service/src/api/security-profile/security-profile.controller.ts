import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiResponse, ApiSecurity, ApiTags, type SchemaObject } from '@nestjs/swagger';
import { SchemaPipe } from '@voltlane/api-kit';
import { STATION_API, type StationApiDeps } from '../station-api.deps';
import { STATION_ID_PATTERN } from '../station-api.schemas';
import {
  SecurityProfileUpgradeService,
  type SecurityProfileUpgrade,
  type SecurityProfileUpgradeResult,
} from './security-profile-upgrade.service';

export const securityProfileUpgradeSchema: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  required: ['securityProfile'],
  properties: {
    securityProfile: { type: 'integer', enum: [1, 2, 3], description: 'The profile to move to; must be higher than the current one' },
    ocppCsmsUrl: {
      type: 'string',
      minLength: 6,
      maxLength: 512,
      pattern: '^wss?://',
      description:
        '2.x (required): where the station connects on the new profile (ws:// for 1, wss:// for 2 and 3); a 1.6 charge point keeps its URL',
    },
    configurationSlot: { type: 'integer', minimum: 0, maximum: 100, description: '2.0.1 network profile slot (default 1)' },
    password: {
      type: 'string',
      minLength: 16,
      maxLength: 40,
      description: "The station's Basic-auth password on profiles 1 and 2 (stored hashed)",
    },
    messageTimeout: { type: 'integer', minimum: 1, maximum: 3600, description: '2.0.1 connectionData.messageTimeout, s (default 30)' },
    ocppInterface: {
      type: 'string',
      enum: ['Wired0', 'Wired1', 'Wired2', 'Wired3', 'Wireless0', 'Wireless1', 'Wireless2', 'Wireless3'],
      description: '2.0.1 connectionData.ocppInterface (default Wired0)',
    },
  },
};

const resultSchema: SchemaObject = {
  type: 'object',
  required: ['status', 'securityProfile', 'steps'],
  properties: {
    status: { type: 'string', enum: ['Accepted', 'Rejected'] },
    securityProfile: { type: 'integer', description: 'The profile the credentials now require' },
    steps: { type: 'array', items: { type: 'object', properties: { action: { type: 'string' }, result: { type: 'object' } } } },
  },
};

/** Upgrading a station's security profile (2.0.1 A05, OCTT TC_A_19): the station's answers to each step. */
@ApiTags('stations')
@ApiSecurity('apiKey')
@Controller('api/v1/stations')
export class SecurityProfileController {
  private readonly upgrades: SecurityProfileUpgradeService;

  constructor(@Inject(STATION_API) deps: StationApiDeps) {
    this.upgrades = new SecurityProfileUpgradeService(deps.stations, deps.queries, deps.credentials, deps.commands);
  }

  @Post(':id/security-profile')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'upgradeStationSecurityProfile',
    summary:
      'Raise the security profile: 2.0.1 SetNetworkProfile + SetVariables NetworkConfigurationPriority + Reset OnIdle; 1.6 ChangeConfiguration SecurityProfile',
    description:
      'Once the station accepts, its credentials require the new profile (no downgrade). 409 when the station is offline or the profile would not rise.',
  })
  @ApiParam({ name: 'id', description: 'Station identity', schema: { type: 'string', pattern: STATION_ID_PATTERN } })
  @ApiBody({ schema: securityProfileUpgradeSchema })
  @ApiResponse({ status: 200, schema: resultSchema })
  upgrade(
    @Param('id') id: string,
    @Body(new SchemaPipe(securityProfileUpgradeSchema)) body: SecurityProfileUpgrade,
  ): Promise<SecurityProfileUpgradeResult> {
    return this.upgrades.upgrade(id, body);
  }
}
