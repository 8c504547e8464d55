import type { v16 } from '@voltlane/ocpp';
import { answer, type HandlerTable } from '../command-handler';
import type { Ocpp16Behaviour } from '../../ocpp16-behaviour';

/** Short pause between the steps of the simulated firmware and diagnostics flows. */
export const FLOW_STEP_MS = 300;

/** Runs `steps` one after the other, FLOW_STEP_MS apart, starting `firstAt` (epoch ms). */
export function runSteps(ctx: { station: { scheduler: { at(at: number, fn: () => void): unknown } } }, firstAt: number, steps: (() => void)[]): void {
  steps.forEach((step, i) => ctx.station.scheduler.at(firstAt + i * FLOW_STEP_MS, step));
}

/** UpdateFirmware (Downloading→Downloaded→Installing→Installed) and GetDiagnostics (Uploading→Uploaded). */
export const FIRMWARE_DIAGNOSTICS_HANDLERS: HandlerTable<Ocpp16Behaviour> = {
  UpdateFirmware(ctx, request) {
    const req = request as unknown as v16.UpdateFirmwareRequest;
    const retrieveAt = Math.max(ctx.station.now() + FLOW_STEP_MS, Date.parse(req.retrieveDate) || 0);
    const step = (status: v16.FirmwareStatusNotificationRequest['status']) => () => {
      ctx.firmwareStatus = status;
      ctx.station.notify('FirmwareStatusNotification', { status } satisfies v16.FirmwareStatusNotificationRequest);
    };
    return answer({} satisfies v16.UpdateFirmwareResponse, () =>
      runSteps(ctx, retrieveAt, [step('Downloading'), step('Downloaded'), step('Installing'), step('Installed')]),
    );
  },

  GetDiagnostics(ctx, _request) {
    const fileName = `${ctx.station.id}-diagnostics-${new Date(ctx.station.now()).toISOString().replace(/[:.]/g, '-')}.log`;
    const step = (status: v16.DiagnosticsStatusNotificationRequest['status']) => () => {
      ctx.diagnosticsStatus = status;
      ctx.station.notify('DiagnosticsStatusNotification', { status } satisfies v16.DiagnosticsStatusNotificationRequest);
    };
    return answer({ fileName } satisfies v16.GetDiagnosticsResponse, () =>
      runSteps(ctx, ctx.station.now() + FLOW_STEP_MS, [step('Uploading'), step('Uploaded')]),
    );
  },
};
