import { Inject, Injectable } from '@nestjs/common';
import type { InboundCallContext, OcppCallHandler } from '@voltlane/service-kit';
import {
  TransactionEventService,
  type TransactionEventRequest,
  type TransactionEventResponse,
} from '../application/transaction-event.service';

@Injectable()
export class TransactionEventHandler implements OcppCallHandler<TransactionEventRequest, TransactionEventResponse> {
  readonly action = 'TransactionEvent';
  readonly versions = ['ocpp2.0.1', 'ocpp2.1'] as const;

  constructor(@Inject(TransactionEventService) private readonly transactionEvents: TransactionEventService) {}

  handle(payload: TransactionEventRequest, context: InboundCallContext): Promise<TransactionEventResponse> {
    return this.transactionEvents.handle(payload, context);
  }
}
