import type { InboundCallContext, OcppCallHandler } from '@voltlane/service-kit';
import type { TransactionEventRequest, TransactionEventResponse, TransactionEventService } from '../application/transaction-event.service';

export class TransactionEventHandler implements OcppCallHandler<TransactionEventRequest, TransactionEventResponse> {
  readonly action = 'TransactionEvent';
  readonly versions = ['ocpp2.0.1', 'ocpp2.1'] as const;

  constructor(private readonly transactionEvents: TransactionEventService) {}

  handle(payload: TransactionEventRequest, context: InboundCallContext): Promise<TransactionEventResponse> {
    return this.transactionEvents.handle(payload, context);
  }
}
