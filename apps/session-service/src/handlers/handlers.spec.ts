import pino from 'pino';
import { actionsAnsweredBy } from '@voltlane/contracts';
import { OCPP_VERSIONS } from '@voltlane/ocpp';
import { InboundDispatcher, type DeadLetters } from '@voltlane/service-kit';
import type { EventSubscriber, ReplyChannel } from '@voltlane/messaging';
import { sessionHandlers, type SessionHandlerDeps } from './handlers';

describe('session-service handler table', () => {
  const handlers = sessionHandlers({} as SessionHandlerDeps);
  const dispatcher = new InboundDispatcher({} as EventSubscriber, {} as ReplyChannel, handlers, [], pino({ level: 'silent' }), {
    groupId: 'g',
    topic: 't',
    deadLetters: {} as DeadLetters,
  });

  it.each(OCPP_VERSIONS.map((v) => [v]))('answers exactly the %s CALLs assigned to the session-service', (version) => {
    expect(dispatcher.answers(version)).toEqual(actionsAnsweredBy('session-service', version).sort());
  });

  it('has one class per action', () => {
    const actions = handlers.map((h) => h.action);
    expect(new Set(actions).size).toBe(actions.length);
  });
});
