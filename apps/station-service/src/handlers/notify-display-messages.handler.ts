import type { v201 } from '@voltlane/ocpp';
import type { InboundCallContext, OcppCallHandler } from '@voltlane/service-kit';
import type { ReportService } from '../application/report.service';
import { V2X, type Payload } from './versions';

/** NotifyDisplayMessages (2.x): answer to GetDisplayMessages, possibly in parts (no seqNo: counted by arrival). */
export class NotifyDisplayMessagesHandler implements OcppCallHandler {
  readonly action = 'NotifyDisplayMessages';
  readonly versions = V2X;

  constructor(private readonly reports: ReportService) {}

  async handle(payload: Payload, context: InboundCallContext): Promise<Payload> {
    const p = payload as unknown as v201.NotifyDisplayMessagesRequest;
    const seqNo = await this.reports.nextSeqNo(context.stationId, 'DisplayMessages', p.requestId);
    await this.reports.addPart(context, {
      kind: 'DisplayMessages',
      requestId: p.requestId,
      seqNo,
      tbc: p.tbc,
      generatedAt: context.receivedAt.toISOString(),
      payload,
    });
    return {};
  }
}
