import type { v16 } from '@voltlane/ocpp';
import { answer, type HandlerTable } from '../command-handler';
import { downloadFile, simulatedLogFile, uploadFile } from '../file-transfer';
import type { Ocpp16Behaviour } from '../../ocpp16-behaviour';

/** Short pause between the steps of the simulated firmware and diagnostics flows. */
export const FLOW_STEP_MS = 300;

/** Runs `steps` one after the other, FLOW_STEP_MS apart, starting `firstAt` (epoch ms). */
export function runSteps(
  ctx: { station: { scheduler: { at(at: number, fn: () => void): unknown } } },
  firstAt: number,
  steps: (() => void)[],
): void {
  steps.forEach((step, i) => ctx.station.scheduler.at(firstAt + i * FLOW_STEP_MS, step));
}

/** Runs `transfer` and then `done` or `failed` (never rejects: a failed transfer is a status, not a crash). */
export function afterTransfer<T>(transfer: () => Promise<T>, done: (result: T) => void, failed: (error: unknown) => void): void {
  void transfer().then(done, failed);
}

/**
 * UpdateFirmware: at the retrieve date, Downloading, a real HTTP(S) download of `location`, then
 * Downloaded→Installing→Installed, or DownloadFailed. GetDiagnostics: Uploading, a real
 * multipart/form-data POST of a generated log file to `location`, then Uploaded or UploadFailed.
 */
export const FIRMWARE_DIAGNOSTICS_HANDLERS: HandlerTable<Ocpp16Behaviour> = {
  UpdateFirmware(ctx, request) {
    const req = request as unknown as v16.UpdateFirmwareRequest;
    const retrieveAt = Math.max(ctx.station.now() + FLOW_STEP_MS, Date.parse(req.retrieveDate) || 0);
    const step = (status: v16.FirmwareStatusNotificationRequest['status']) => () => {
      ctx.firmwareStatus = status;
      ctx.station.notify('FirmwareStatusNotification', { status } satisfies v16.FirmwareStatusNotificationRequest);
    };
    return answer({} satisfies v16.UpdateFirmwareResponse, () =>
      ctx.station.scheduler.at(retrieveAt, () => {
        step('Downloading')();
        afterTransfer(
          () => downloadFile(req.location),
          () => {
            step('Downloaded')();
            runSteps(ctx, ctx.station.now() + FLOW_STEP_MS, [step('Installing'), step('Installed')]);
          },
          step('DownloadFailed'),
        );
      }),
    );
  },

  GetDiagnostics(ctx, request) {
    const req = request as unknown as v16.GetDiagnosticsRequest;
    const fileName = `${ctx.station.id}-diagnostics-${new Date(ctx.station.now()).toISOString().replace(/[:.]/g, '-')}.log`;
    const step = (status: v16.DiagnosticsStatusNotificationRequest['status']) => () => {
      ctx.diagnosticsStatus = status;
      ctx.station.notify('DiagnosticsStatusNotification', { status } satisfies v16.DiagnosticsStatusNotificationRequest);
    };
    return answer({ fileName } satisfies v16.GetDiagnosticsResponse, () =>
      ctx.station.scheduler.at(ctx.station.now() + FLOW_STEP_MS, () => {
        step('Uploading')();
        const content = simulatedLogFile(ctx.station.id, 'diagnostics', new Date(ctx.station.now()));
        afterTransfer(() => uploadFile(req.location, content, fileName, 'multipart'), step('Uploaded'), step('UploadFailed'));
      }),
    );
  },
};
