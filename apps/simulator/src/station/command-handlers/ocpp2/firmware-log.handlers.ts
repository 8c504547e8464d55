import type { v201 } from '@voltlane/ocpp';
import { answer, type HandlerTable } from '../command-handler';
import { downloadFile, simulatedLogFile, uploadFile } from '../file-transfer';
import type { Ocpp2Behaviour } from '../../ocpp201-behaviour';
import { FLOW_STEP_MS, afterTransfer, runSteps } from '../ocpp16/firmware-diagnostics.handlers';

/**
 * UpdateFirmware (a real HTTP(S) download, then Downloaded→Installing→Installed, or
 * DownloadFailed) and GetLog (a real HTTP PUT of a generated log file, then Uploaded or
 * UploadFailure); status notifications echo the requestId.
 */
export const FIRMWARE_LOG_HANDLERS: HandlerTable<Ocpp2Behaviour> = {
  UpdateFirmware(ctx, request) {
    const req = request as unknown as v201.UpdateFirmwareRequest;
    const retrieveAt = Math.max(ctx.station.now() + FLOW_STEP_MS, Date.parse(req.firmware.retrieveDateTime) || 0);
    const step = (status: v201.FirmwareStatusNotificationRequest['status']) => () => {
      ctx.firmware = { status, requestId: req.requestId };
      ctx.station.notify('FirmwareStatusNotification', {
        status,
        requestId: req.requestId,
      } satisfies v201.FirmwareStatusNotificationRequest);
    };
    return answer({ status: 'Accepted' } satisfies v201.UpdateFirmwareResponse, () =>
      ctx.station.scheduler.at(retrieveAt, () => {
        step('Downloading')();
        afterTransfer(
          () => downloadFile(req.firmware.location),
          () => {
            step('Downloaded')();
            runSteps(ctx, ctx.station.now() + FLOW_STEP_MS, [step('Installing'), step('Installed')]);
          },
          step('DownloadFailed'),
        );
      }),
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
      ctx.station.scheduler.at(ctx.station.now() + FLOW_STEP_MS, () => {
        step('Uploading')();
        const content = simulatedLogFile(ctx.station.id, req.logType, new Date(ctx.station.now()));
        afterTransfer(() => uploadFile(req.log.remoteLocation, content, filename, 'put'), step('Uploaded'), step('UploadFailure'));
      }),
    );
  },
};
