import type { v16 } from '@voltlane/ocpp';
import { answer, type HandlerTable } from '../command-handler';
import type { Ocpp16Behaviour } from '../../ocpp16-behaviour';

/** TriggerMessage: Accepted, then the requested message really goes out (allowed while Pending). */
export const TRIGGER_MESSAGE_HANDLERS: HandlerTable<Ocpp16Behaviour> = {
  TriggerMessage(ctx, request) {
    const req = request as unknown as v16.TriggerMessageRequest;
    const triggered = { preBoot: true };
    const connectors = req.connectorId === undefined ? ctx.connectors : ctx.connectors.filter((c) => c.id === req.connectorId);
    if (req.connectorId !== undefined && req.connectorId !== 0 && connectors.length === 0) {
      return answer({ status: 'Rejected' } satisfies v16.TriggerMessageResponse);
    }
    const accepted = (send: () => void) => answer({ status: 'Accepted' } satisfies v16.TriggerMessageResponse, send);
    switch (req.requestedMessage) {
      case 'BootNotification':
        return accepted(() => ctx.station.sendBoot());
      case 'Heartbeat':
        return accepted(() => ctx.station.sendHeartbeat(triggered));
      case 'StatusNotification':
        return accepted(() => {
          if (req.connectorId === undefined || req.connectorId === 0) ctx.reportConnectorZero(true, triggered);
          if (req.connectorId !== 0) for (const c of connectors) ctx.status(c, true, triggered);
        });
      case 'MeterValues':
        return accepted(() => {
          for (const c of req.connectorId === 0 ? ctx.connectors : connectors) {
            if (c.session && c.session.phase !== 'Preparing') ctx.engine.meterNow(c, c.session);
            ctx.sample(c, 'Trigger', triggered);
          }
        });
      case 'FirmwareStatusNotification':
        return accepted(() => ctx.station.notify('FirmwareStatusNotification', { status: ctx.firmwareStatus }, triggered));
      case 'DiagnosticsStatusNotification':
        return accepted(() => ctx.station.notify('DiagnosticsStatusNotification', { status: ctx.diagnosticsStatus }, triggered));
      default:
        return answer({ status: 'NotImplemented' } satisfies v16.TriggerMessageResponse);
    }
  },
};
