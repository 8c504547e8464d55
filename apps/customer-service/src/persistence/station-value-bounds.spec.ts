import { DataSource } from 'typeorm';
import { MasterPass } from '@voltlane/authorization';
import type { CommandResultEnvelope } from '@voltlane/contracts';
import { ValueOutOfBounds, type InboundCallContext } from '@voltlane/service-kit';
import { AuthorizationService } from '../application/authorization.service';
import { LocalListService } from '../application/local-list.service';
import { AuthorizeHandler } from '../handlers/authorize.handler';
import { CustomerEntity } from './customer.entity';
import { IdTokenEntity } from './id-token.entity';
import { LocalListRepository } from './local-list.repository';
import { SessionTokenEntity } from './session-token.entity';
import { SessionTokenRepository } from './session-token.repository';
import { TokenRepository } from './token.repository';

// Station and operator values no customer column can hold are refused as ValueOutOfBounds before
// any SQL: the DataSource here has the entities' metadata but no connection (a query would fail
// with another error), and every other dependency throws if it is reached.
describe('customer-service: values beyond their columns', () => {
  let dataSource: DataSource;
  const unreachable = new Proxy(
    {},
    {
      get: () => {
        throw new Error('reached past the bounds check');
      },
    },
  ) as never;
  const context = (protocol: 'ocpp1.6' | 'ocpp2.0.1'): InboundCallContext =>
    ({ stationId: 'CS-1', protocol, messageId: 'm1', receivedAt: new Date('2025-01-01T00:00:00Z') }) as InboundCallContext;
  const failureOf = async (work: () => Promise<unknown>): Promise<unknown> =>
    work().then(
      () => 'answered',
      (error: unknown) => error,
    );

  beforeAll(async () => {
    dataSource = new DataSource({ type: 'postgres', entities: [CustomerEntity, IdTokenEntity, SessionTokenEntity] });
    await dataSource['buildMetadatas']();
  });

  it.each([
    ['ocpp1.6', { idTag: 'A\u0000B' }, 'id_tokens.id_tag_key'],
    ['ocpp2.0.1', { idToken: { idToken: 'A\u0000B', type: 'ISO14443' } }, 'id_tokens.key'],
    ['ocpp2.0.1', { idToken: { idToken: 'AB', type: 'ISO\u000014443' } }, 'id_tokens.key'],
  ] as const)('Authorize %s %p → ValueOutOfBounds(%s), no token lookup', async (protocol, payload, field) => {
    const authorization = new AuthorizationService(new TokenRepository(dataSource), unreachable, new MasterPass('MasterGroup'));
    const error = await failureOf(() => new AuthorizeHandler(authorization).handle(payload, context(protocol)));
    expect(error).toBeInstanceOf(ValueOutOfBounds);
    expect(error).toMatchObject({ field, detail: 'contains U+0000 (NUL), which PostgreSQL cannot store in text' });
  });

  it.each([
    [{ idToken: 'A\u0000' }, 'id_tokens.id_tag_key'],
    [{ groupIdToken: '\u0000' }, 'id_tokens.group_id_token'],
    [{ type: 'ISO\u0000' }, 'id_tokens.type'],
  ])('an operator token filter %p → ValueOutOfBounds(%s)', async (filter, field) => {
    const error = await failureOf(() => new TokenRepository(dataSource).listTokens(filter, { limit: 10, offset: 0 }));
    expect(error).toBeInstanceOf(ValueOutOfBounds);
    expect(error).toMatchObject({ field });
  });

  it('a session token key with U+0000 (sessions.lifecycle.v1) → ValueOutOfBounds(session_tokens.token_key)', async () => {
    const error = await failureOf(() => new SessionTokenRepository(dataSource).record('s-1', 'ISO14443:A\u0000', false, new Date()));
    expect(error).toBeInstanceOf(ValueOutOfBounds);
    expect(error).toMatchObject({ field: 'session_tokens.token_key' });
  });

  const applied = (action: string, request: Record<string, unknown>, payload: Record<string, unknown>): CommandResultEnvelope => ({
    kind: 'command-result',
    correlationId: 'c-1',
    stationId: 'CS-1',
    outcome: 'result',
    protocol: 'ocpp1.6',
    payload,
    request: { action, payload: request },
  });

  it.each([
    ['GetLocalListVersion', {}, { listVersion: 2147483648 }, 'local_list_commands.list_version'],
    ['GetLocalListVersion', {}, { listVersion: -2147483649 }, 'local_list_commands.list_version'],
    [
      'SendLocalList',
      { listVersion: 2147483648, updateType: 'Full', localAuthorizationList: [] },
      { status: 'Accepted' },
      'local_list_commands.list_version',
    ],
    ['SendLocalList', { listVersion: 2, updateType: 'Full' }, { status: 'Accepted\u0000' }, 'local_list_commands.status'],
  ])('%s %p answered %p → ValueOutOfBounds(%s) before the transaction', async (action, request, payload, field) => {
    const service = new LocalListService(unreachable, new LocalListRepository(dataSource), unreachable);
    const error = await failureOf(() => service.apply(applied(action, request, payload), new Date('2025-01-01T00:00:00Z')));
    expect(error).toBeInstanceOf(ValueOutOfBounds);
    expect(error).toMatchObject({ field });
  });
});
