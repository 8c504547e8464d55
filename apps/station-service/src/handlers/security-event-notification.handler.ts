import type { v16, v201 } from '@voltlane/ocpp';
import type { InboundCallContext, OcppCallHandler } from '@voltlane/service-kit';
import { securityFaultSignals } from '../domain/fault-rules';
import type { FaultService } from '../application/fault.service';
import type { StationRecordsService } from '../application/station-records.service';
import { ALL_VERSIONS, type Payload } from './versions';

/** SecurityEventNotification (1.6 security extension, 2.x): stored, and an open fault an operator resolves. */
export class SecurityEventNotificationHandler implements OcppCallHandler {
  readonly action = 'SecurityEventNotification';
  readonly versions = ALL_VERSIONS;

  constructor(
    private readonly records: StationRecordsService,
    private readonly faults: FaultService,
  ) {}

  async handle(payload: Payload, context: InboundCallContext): Promise<Payload> {
    const p = payload as unknown as v16.SecurityEventNotificationRequest | v201.SecurityEventNotificationRequest;
    await this.records.securityEvent(context, p.type, p.timestamp, p.techInfo, payload);
    await this.faults.record(context, securityFaultSignals(p.type, p.timestamp, p.techInfo));
    return {};
  }
}
