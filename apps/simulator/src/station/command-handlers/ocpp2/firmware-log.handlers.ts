import type { v201 } from '@voltlane/ocpp';
import { answer, type HandlerTable } from '../command-handler';
import type { Ocpp2Behaviour } from '../../ocpp201-behaviour';
import { FLOW_STEP_MS, runSteps } from '../ocpp16/firmware-diagnostics.handlers';

/** UpdateFirmware and GetLog: status notifications echo the requestId. */
export const FIRMWARE_LOG_HANDLERS: HandlerTable<Ocpp2Behaviour> = {
  UpdateFirmware(ctx, request) {
    const req = request as unknown as v201.UpdateFirmwareRequest;
    const retrieveAt = Math.max(ctx.station.now() + FLOW_STEP_MS, Date.parse(req.firmware.retrieveDateTime) || 0);
    const step = (status: v201.FirmwareStatusNotificationRequest['status']) => () => {
      ctx.firmware = { status, requestId: req.requestId };
      ctx.station.notify('FirmwareStatusNotification', { status, requestId: req.requestId } satisfies v201.FirmwareStatusNotificationRequest);
    };
    return answer({ status: 'Accepted' } satisfies v201.UpdateFirmwareResponse, () =>
      runSteps(ctx, retrieveAt, [step('Downloading'), step('Downloaded'), step('Installing'), step('Installed')]),
    );
  },

  GetLog(ctx, request) {
    const req = request as unknown as v201.GetLogRequest;
    const filename = `${ctx.station.id}-${req.logType}-${req.requestId}.log`;
    const step = (status: v201.LogStatusNotificationRequest['status']) => () => {
      ctx.log = { status, requestId: req.requestId };
      ctx.station.notify('LogStatusNotification', { status, requestId: req.requestId } satisfies v201.LogStatusNotificationRequest);
    };
    return answer({ status: 'Accepted', filename } satisfies v201.GetLogResponse, () =>
      runSteps(ctx, ctx.station.now() + FLOW_STEP_MS, [step('Uploading'), step('Uploaded')]),
    );
  },
};
