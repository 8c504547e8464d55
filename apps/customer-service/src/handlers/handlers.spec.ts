import type { Logger } from 'pino';
import type { AuthorizationToken } from '@voltlane/authorization';
import { actionsAnsweredBy, type CustomerTokenSnapshot } from '@voltlane/contracts';
import type { EventSubscriber, ReplyChannel } from '@voltlane/messaging';
import { OCPP_VERSIONS } from '@voltlane/ocpp';
import { InboundDispatcher, type DeadLetters } from '@voltlane/service-kit';
import type { AuthorizationService } from '../application/authorization.service';
import { AuthorizeHandler } from './authorize.handler';
import { customerHandlers } from './handlers';

describe('customer-service handler table', () => {
  const handlers = customerHandlers({ authorize: new AuthorizeHandler({} as AuthorizationService) });
  const dispatcher = new InboundDispatcher({} as EventSubscriber, {} as ReplyChannel, handlers, [], {} as Logger, {
    groupId: 'g',
    topic: 't',
    deadLetters: {} as DeadLetters,
  });

  it.each(OCPP_VERSIONS)('answers exactly the %s actions assigned to the customer-service', (version) => {
    expect(dispatcher.answers(version)).toEqual(actionsAnsweredBy('customer-service', version).sort());
  });

  it('publishes snapshots that the session-service can decide on directly', () => {
    // Compile-time: a customers.tokens.v1 snapshot is an AuthorizationToken.
    const snapshot: CustomerTokenSnapshot = {
      key: 'ISO14443:AB',
      idTagKey: 'AB',
      idToken: 'ab',
      type: 'ISO14443',
      status: 'Accepted',
      revision: 1,
      deleted: false,
      updatedAt: new Date(0).toISOString(),
    };
    const token: AuthorizationToken = snapshot;
    expect(token.idToken).toBe('ab');
  });
});
