import pino from 'pino';
import { actionsAnsweredBy } from '@voltlane/contracts';
import { OCPP_VERSIONS } from '@voltlane/ocpp';
import { InboundDispatcher, type DeadLetters } from '@voltlane/service-kit';
import type { EventSubscriber, ReplyChannel } from '@voltlane/messaging';
import { energyHandlers, type EnergyHandlerDeps } from './handlers';

describe('energy-service handler table', () => {
  const handlers = energyHandlers({} as EnergyHandlerDeps);
  const dispatcher = new InboundDispatcher({} as EventSubscriber, {} as ReplyChannel, handlers, [], pino({ level: 'silent' }), {
    groupId: 'g',
    topic: 't',
    deadLetters: {} as DeadLetters,
  });

  it.each(OCPP_VERSIONS.map((v) => [v]))('answers exactly the %s CALLs assigned to the energy-service', (version) => {
    expect(dispatcher.answers(version)).toEqual(actionsAnsweredBy('energy-service', version).sort());
  });

  it('answers the limit and ISO 15118 notifications of 2.0.1 and 2.1', () => {
    expect(dispatcher.answers('ocpp2.0.1')).toEqual([
      'ClearedChargingLimit',
      'NotifyChargingLimit',
      'NotifyEVChargingNeeds',
      'NotifyEVChargingSchedule',
    ]);
    expect(dispatcher.answers('ocpp1.6')).toEqual([]);
  });
});
