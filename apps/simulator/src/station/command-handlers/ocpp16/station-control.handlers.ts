import type { v16 } from '@voltlane/ocpp';
import { answer, type HandlerTable } from '../command-handler';
import type { Ocpp16Behaviour } from '../../ocpp16-behaviour';

export const SIMULATOR_VENDOR_ID = 'com.voltlane.simulator';

/** Reset, ChangeAvailability, UnlockConnector, ClearCache and DataTransfer. */
export const STATION_CONTROL_HANDLERS: HandlerTable<Ocpp16Behaviour> = {
  Reset(ctx, request) {
    const req = request as unknown as v16.ResetRequest;
    return answer({ status: 'Accepted' } satisfies v16.ResetResponse, () => {
      void ctx.engine.shutdown(true, req.type === 'Hard' ? 'HardReset' : 'SoftReset').finally(() => ctx.station.reboot(500));
    });
  },

  ChangeAvailability(ctx, request) {
    const req = request as unknown as v16.ChangeAvailabilityRequest;
    const operative = req.type === 'Operative';
    const targets = req.connectorId === 0 ? ctx.connectors : ctx.connectors.filter((c) => c.id === req.connectorId);
    if (targets.length === 0) return answer({ status: 'Rejected' } satisfies v16.ChangeAvailabilityResponse);
    // A connector with a running session becomes Unavailable once the session ends.
    const scheduled = !operative && targets.some((c) => c.session !== undefined);
    return answer({ status: scheduled ? 'Scheduled' : 'Accepted' } satisfies v16.ChangeAvailabilityResponse, () => {
      for (const connector of targets) connector.operative = operative;
      if (req.connectorId === 0) {
        ctx.stationOperative = operative;
        ctx.reportAllStatuses(false);
      } else {
        for (const connector of targets) ctx.status(connector);
      }
    });
  },

  UnlockConnector(ctx, request) {
    const req = request as unknown as v16.UnlockConnectorRequest;
    const connector = ctx.connector(req.connectorId);
    if (!connector) return answer({ status: 'NotSupported' } satisfies v16.UnlockConnectorResponse);
    return answer({ status: 'Unlocked' } satisfies v16.UnlockConnectorResponse, () => {
      if (connector.session) void ctx.engine.stop(connector.id, 'UnlockCommand');
    });
  },

  ClearCache() {
    return answer({ status: 'Accepted' } satisfies v16.ClearCacheResponse);
  },

  DataTransfer(_ctx, request) {
    const req = request as unknown as v16.DataTransferRequest;
    if (req.vendorId !== SIMULATOR_VENDOR_ID) return answer({ status: 'UnknownVendorId' } satisfies v16.DataTransferResponse);
    return answer({ status: 'Accepted', ...(req.data !== undefined ? { data: req.data } : {}) } satisfies v16.DataTransferResponse);
  },
};
