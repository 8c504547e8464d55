import { badRequest, conflict, notFound } from '@voltlane/api-kit';
import type { StationCommandService } from '../station-command.service';
import type { StationApiQueries } from '../station-api.queries';
import type { CredentialService } from '../../application/credential.service';
import type { StationQueryService } from '../../application/station-query.service';

export interface SecurityProfileUpgrade {
  /** The profile the station moves to: higher than the one it is connected with. */
  securityProfile: 1 | 2 | 3;
  /** 2.x: where the station connects on that profile (ws:// for 1, wss:// for 2 and 3). A 1.6 charge point keeps its URL. */
  ocppCsmsUrl?: string;
  /** 2.0.1: the NetworkConnectionProfiles slot to write (default 1). */
  configurationSlot?: number;
  /** Basic-auth password the station uses on profiles 1 and 2 (stored hashed). */
  password?: string;
  /** 2.0.1 connectionData.messageTimeout in seconds (default 30). */
  messageTimeout?: number;
  /** 2.0.1 connectionData.ocppInterface (default Wired0). */
  ocppInterface?: string;
}

export interface UpgradeStep {
  action: string;
  result: Record<string, unknown>;
}

export interface SecurityProfileUpgradeResult {
  /** Accepted: every step was accepted and the credentials now require the new profile. */
  status: 'Accepted' | 'Rejected';
  securityProfile: number;
  steps: UpgradeStep[];
}

/**
 * Raises a station's security profile (2.0.1 A05 / OCTT TC_A_19; 1.6 security whitepaper):
 * 2.0.1 — SetNetworkProfile into a slot, SetVariables OCPPCommCtrlr.NetworkConfigurationPriority
 * to that slot, then Reset OnIdle; 1.6 — ChangeConfiguration SecurityProfile (the charge point
 * reconnects itself). The new profile is staged as the station's pending credential before the
 * first step is sent, so the station is let in on it whenever it switches; once it has connected on
 * it, the old profile is revoked and the station can no longer connect on the lower one (no
 * downgrade). A refused step stops the upgrade and drops the pending credential.
 */
export class SecurityProfileUpgradeService {
  constructor(
    private readonly stations: StationQueryService,
    private readonly queries: StationApiQueries,
    private readonly credentials: CredentialService,
    private readonly commands: StationCommandService,
  ) {}

  async upgrade(stationId: string, request: SecurityProfileUpgrade): Promise<SecurityProfileUpgradeResult> {
    const station = await this.stations.station(stationId);
    if (!station) throw notFound(`No station ${stationId}`);
    const credential = await this.queries.credentials(stationId);
    const current = Math.max(station.securityProfile ?? 0, credential?.securityProfile ?? 0);
    if (request.securityProfile <= current) {
      throw conflict(
        `Station ${stationId} is on security profile ${current}: the profile can only be raised (to ${current + 1}–3), never lowered`,
        { stationId, securityProfile: current },
      );
    }
    const scheme = request.securityProfile >= 2 ? 'wss:' : 'ws:';
    if (request.ocppCsmsUrl === undefined && station.protocol !== 'ocpp1.6')
      throw badRequest(`Invalid body: ocppCsmsUrl is required for a ${station.protocol ?? '2.x'} station`);
    if (request.ocppCsmsUrl !== undefined && !request.ocppCsmsUrl.startsWith(`${scheme}//`)) {
      throw badRequest(`Invalid body: ocppCsmsUrl must be a ${scheme}// URL for security profile ${request.securityProfile}`);
    }
    if (request.securityProfile <= 2 && !request.password)
      throw badRequest(`Invalid body: security profile ${request.securityProfile} needs the station's Basic-auth password`);

    const pending = await this.credentials.stage(stationId, {
      securityProfile: request.securityProfile,
      ...(request.password ? { password: request.password } : {}),
      ...(credential?.certificateSubject ? { certificateSubject: credential.certificateSubject } : {}),
    });
    // A step the station does not answer throws: it may have the new profile, so both stay accepted.
    const steps: UpgradeStep[] = [];
    if (await this.sendSteps(stationId, station.protocol, request, steps))
      return { status: 'Accepted', securityProfile: request.securityProfile, steps };
    await this.credentials.dropPending(stationId, pending);
    return { status: 'Rejected', securityProfile: current, steps };
  }

  /** Tells the station its new profile; false as soon as it refuses a step. */
  private async sendSteps(
    stationId: string,
    protocol: string | null | undefined,
    request: SecurityProfileUpgrade,
    steps: UpgradeStep[],
  ): Promise<boolean> {
    const step = async (
      action: string,
      payload: Record<string, unknown>,
      accepted: (result: Record<string, unknown>) => boolean,
    ): Promise<boolean> => {
      const { result } = await this.commands.send(stationId, action, payload);
      steps.push({ action, result });
      return accepted(result);
    };
    const status = (r: Record<string, unknown>) => r.status === 'Accepted';
    if (protocol === 'ocpp1.6')
      return step('ChangeConfiguration', { key: 'SecurityProfile', value: String(request.securityProfile) }, status);
    const slot = request.configurationSlot ?? 1;
    const connectionData = {
      ocppVersion: 'OCPP20',
      ocppTransport: 'JSON',
      ocppCsmsUrl: request.ocppCsmsUrl as string,
      messageTimeout: request.messageTimeout ?? 30,
      securityProfile: request.securityProfile,
      ocppInterface: request.ocppInterface ?? 'Wired0',
    };
    if (!(await step('SetNetworkProfile', { configurationSlot: slot, connectionData }, status))) return false;
    const priority = {
      component: { name: 'OCPPCommCtrlr' },
      variable: { name: 'NetworkConfigurationPriority' },
      attributeValue: String(slot),
    };
    const priorityAccepted = (r: Record<string, unknown>) =>
      Array.isArray(r.setVariableResult) &&
      r.setVariableResult.every(
        (v: { attributeStatus?: string }) => v.attributeStatus === 'Accepted' || v.attributeStatus === 'RebootRequired',
      );
    if (!(await step('SetVariables', { setVariableData: [priority] }, priorityAccepted))) return false;
    // The station reconnects on the new profile when it restarts (once idle).
    await step('Reset', { type: 'OnIdle' }, (r) => r.status === 'Accepted' || r.status === 'Scheduled');
    return true;
  }
}
