import type { v201 } from '@voltlane/ocpp';
import { answer, type HandlerTable } from '../command-handler';
import type { Ocpp2Behaviour } from '../../ocpp201-behaviour';

/** TriggerMessage: Accepted, then the requested message really goes out (allowed while Pending). */
export const TRIGGER_MESSAGE_HANDLERS: HandlerTable<Ocpp2Behaviour> = {
  TriggerMessage(ctx, request) {
    const req = request as unknown as v201.TriggerMessageRequest;
    const triggered = { preBoot: true };
    const evseId = req.evse?.id;
    const connectors = evseId === undefined || evseId === 0 ? ctx.connectors : ctx.connectors.filter((c) => c.id === evseId);
    if (connectors.length === 0) return answer({ status: 'Rejected' } satisfies v201.TriggerMessageResponse);
    const accepted = (send: () => void) => answer({ status: 'Accepted' } satisfies v201.TriggerMessageResponse, send);
    switch (req.requestedMessage) {
      case 'BootNotification':
        return accepted(() => {
          ctx.nextBootReason = 'Triggered';
          ctx.station.sendBoot();
        });
      case 'Heartbeat':
        return accepted(() => ctx.station.sendHeartbeat(triggered));
      case 'StatusNotification':
        return accepted(() => {
          for (const c of connectors) ctx.status(c, true, triggered);
        });
      case 'MeterValues':
        return accepted(() => {
          for (const c of connectors) {
            if (c.session && c.session.phase !== 'Preparing') ctx.engine.meterNow(c, c.session);
            const meterValue = [ctx.meterValue(c, 'Trigger', ['Energy.Active.Import.Register', 'Power.Active.Import'])];
            ctx.station.notify('MeterValues', { evseId: c.id, meterValue } satisfies v201.MeterValuesRequest, triggered);
          }
        });
      case 'TransactionEvent': {
        const sessions = connectors.flatMap((c) => (c.session && c.session.phase !== 'Preparing' && !c.session.ending ? [c] : []));
        if (sessions.length === 0) return answer({ status: 'Rejected' } satisfies v201.TriggerMessageResponse);
        return accepted(() => {
          for (const c of sessions) ctx.engine.sampleConnector(c, 'Trigger');
        });
      }
      case 'FirmwareStatusNotification':
        return accepted(() =>
          ctx.station.notify('FirmwareStatusNotification', { ...ctx.firmware } satisfies v201.FirmwareStatusNotificationRequest, triggered),
        );
      case 'LogStatusNotification':
        return accepted(() =>
          ctx.station.notify('LogStatusNotification', { ...ctx.log } satisfies v201.LogStatusNotificationRequest, triggered),
        );
      default:
        return answer({ status: 'NotImplemented' } satisfies v201.TriggerMessageResponse);
    }
  },
};
