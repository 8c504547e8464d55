import type { v201 } from '@voltlane/ocpp';
import { answer, type HandlerTable } from '../command-handler';
import type { Ocpp2Behaviour } from '../../ocpp201-behaviour';
import { SIMULATOR_VENDOR_ID } from '../ocpp16/station-control.handlers';

const IDLE_POLL_MS = 1_000;

function rebootWhenIdle(ctx: Ocpp2Behaviour): void {
  if (ctx.activeSessions() > 0) {
    ctx.station.scheduler.after(IDLE_POLL_MS, () => rebootWhenIdle(ctx));
    return;
  }
  ctx.nextBootReason = 'RemoteReset';
  ctx.station.reboot(500);
}

/** Reset, ChangeAvailability, UnlockConnector, ClearCache and DataTransfer. */
export const STATION_CONTROL_HANDLERS: HandlerTable<Ocpp2Behaviour> = {
  Reset(ctx, request) {
    const req = request as unknown as v201.ResetRequest;
    if (req.evseId !== undefined) return answer({ status: 'Rejected' } satisfies v201.ResetResponse);
    if (req.type === 'OnIdle' && ctx.activeSessions() > 0) {
      return answer({ status: 'Scheduled' } satisfies v201.ResetResponse, () => rebootWhenIdle(ctx));
    }
    return answer({ status: 'Accepted' } satisfies v201.ResetResponse, () => {
      void ctx.engine.shutdown(true, 'HardReset').finally(() => rebootWhenIdle(ctx));
    });
  },

  ChangeAvailability(ctx, request) {
    const req = request as unknown as v201.ChangeAvailabilityRequest;
    const operative = req.operationalStatus === 'Operative';
    const evseId = req.evse?.id ?? 0;
    const targets = evseId === 0 ? ctx.connectors : ctx.connectors.filter((c) => c.id === evseId);
    if (targets.length === 0 || (req.evse?.connectorId !== undefined && req.evse.connectorId !== 1)) {
      return answer({ status: 'Rejected' } satisfies v201.ChangeAvailabilityResponse);
    }
    const scheduled = !operative && targets.some((c) => c.session !== undefined);
    return answer({ status: scheduled ? 'Scheduled' : 'Accepted' } satisfies v201.ChangeAvailabilityResponse, () => {
      for (const connector of targets) connector.operative = operative;
      if (evseId === 0) ctx.stationOperative = operative;
      for (const connector of targets) ctx.status(connector);
    });
  },

  UnlockConnector(ctx, request) {
    const req = request as unknown as v201.UnlockConnectorRequest;
    const connector = ctx.connector(req.evseId);
    if (!connector || req.connectorId !== 1) return answer({ status: 'UnknownConnector' } satisfies v201.UnlockConnectorResponse);
    if (connector.session) return answer({ status: 'OngoingAuthorizedTransaction' } satisfies v201.UnlockConnectorResponse);
    return answer({ status: 'Unlocked' } satisfies v201.UnlockConnectorResponse);
  },

  ClearCache() {
    return answer({ status: 'Accepted' } satisfies v201.ClearCacheResponse);
  },

  DataTransfer(_ctx, request) {
    const req = request as unknown as v201.DataTransferRequest;
    if (req.vendorId !== SIMULATOR_VENDOR_ID) return answer({ status: 'UnknownVendorId' } satisfies v201.DataTransferResponse);
    return answer({ status: 'Accepted', ...(req.data !== undefined ? { data: req.data } : {}) } satisfies v201.DataTransferResponse);
  },
};
