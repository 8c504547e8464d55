import type { CommandResultEnvelope } from '@voltlane/contracts';
import { InMemoryBootStatusStore, InMemoryConnectionRegistry, type StationCommandClient } from '@voltlane/messaging';
import type { OcppVersion } from '@voltlane/ocpp';
import { ProblemError } from '../http/problem';
import { OperatorCommands, type OperatorCommandsOptions } from './operator-commands';

type Sent = { stationId: string; action: string; payload: Record<string, unknown>; timeoutMs?: number };

/** The ports of one service: the in-process registry and boot-status store, and a command client that answers `answer`. */
function setup(
  options: OperatorCommandsOptions = {},
  answer: Partial<CommandResultEnvelope> = { outcome: 'result', payload: { status: 'Accepted' } },
) {
  const registry = new InMemoryConnectionRegistry();
  const bootStatus = new InMemoryBootStatusStore();
  const sent: Sent[] = [];
  const commands = {
    send: async (
      stationId: string,
      action: string,
      payload: Record<string, unknown>,
      opts: { timeoutMs?: number } = {},
    ): Promise<CommandResultEnvelope> => {
      sent.push({ stationId, action, payload, ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}) });
      return {
        kind: 'command-result',
        correlationId: 'c1',
        stationId,
        protocol: 'ocpp1.6',
        request: { action, payload },
        outcome: 'result',
        ...answer,
      };
    },
  } as unknown as StationCommandClient;
  const connect = (stationId: string, protocol: OcppVersion) =>
    registry.claim(
      stationId,
      { gatewayInstance: 'gw', connectionId: `c-${stationId}`, protocol, connectedAt: new Date().toISOString() },
      60_000,
    );
  return { operator: new OperatorCommands({ registry, bootStatus, commands }, options), bootStatus, connect, sent };
}

/** The problem a send ends in: [status, code]. */
async function refusal(promise: Promise<unknown>): Promise<[number, unknown, string]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProblemError) return [error.status, error.extra.code, error.detail];
    throw error;
  }
  throw new Error('the command was sent');
}

describe('OperatorCommands: the one operator-command path', () => {
  describe('look-up', () => {
    it('404 for a station the service has no record of and that is not connected (with knownStation)', async () => {
      const { operator, sent } = setup({ knownStation: async () => undefined });
      expect(await refusal(operator.send({ stationId: 'nobody', action: 'Reset', payload: { type: 'Soft' } }))).toEqual([
        404,
        'station-not-found',
        'No station nobody',
      ]);
      expect(sent).toEqual([]);
    });

    it('409 station-offline without a record: a service that keeps none cannot tell unknown from offline', async () => {
      const { operator } = setup();
      expect(await refusal(operator.send({ stationId: 'CP-9', action: 'Reset', payload: { type: 'Soft' } }))).toEqual([
        409,
        'station-offline',
        'Station CP-9 is not connected',
      ]);
    });

    it('409 for a known station that never connected (its version is unknown)', async () => {
      const { operator } = setup({ knownStation: async () => ({ protocol: null }) });
      expect((await refusal(operator.send({ stationId: 'CP-1', action: 'Reset', payload: {} })))[0]).toBe(409);
    });

    it('validates against the version of a known offline station before saying it is offline', async () => {
      const { operator } = setup({ knownStation: async () => ({ protocol: 'ocpp1.6' }) });
      expect((await refusal(operator.send({ stationId: 'CP-1', action: 'Reset', payload: { type: 'Sideways' } })))[0]).toBe(400);
      expect(await refusal(operator.send({ stationId: 'CP-1', action: 'Reset', payload: { type: 'Soft' } }))).toEqual([
        409,
        'station-offline',
        'Station CP-1 is not connected',
      ]);
    });
  });

  describe('what is sent', () => {
    it.each([
      [
        'a typed endpoint of another version',
        { action: 'Reset', payload: { type: 'Soft' }, version: 'ocpp2.0.1' as const },
        'protocol-mismatch',
      ],
      ['an action the version does not have', { action: 'GetVariables', payload: {} }, 'unknown-action'],
      ['an action the station sends', { action: 'BootNotification', payload: {} }, 'wrong-direction'],
      ['a payload that is not an object', { action: 'Reset', payload: ['Soft'] }, 'invalid-payload'],
      ['a payload that does not fit the schema', { action: 'Reset', payload: { type: 'Sideways' } }, 'invalid-payload'],
    ])('400 for %s', async (_what, command, code) => {
      const { operator, connect, bootStatus, sent } = setup();
      await connect('CP-1', 'ocpp1.6');
      await bootStatus.set('CP-1', 'Accepted');
      expect((await refusal(operator.send({ stationId: 'CP-1', ...command })))[0]).toBe(400);
      expect((await refusal(operator.send({ stationId: 'CP-1', ...command })))[1]).toBe(code);
      expect(sent).toEqual([]);
    });

    it("builds a friendly request for the station's version", async () => {
      const { operator, connect, bootStatus, sent } = setup();
      await connect('CP-2', 'ocpp2.0.1');
      await bootStatus.set('CP-2', 'Accepted');
      const build = (protocol: OcppVersion) =>
        protocol === 'ocpp1.6'
          ? { action: 'RemoteStartTransaction', payload: { idTag: 'T' } }
          : { action: 'RequestStartTransaction', payload: { idToken: { idToken: 'T', type: 'ISO14443' }, remoteStartId: 1 } };
      const recorded: string[] = [];
      await operator.send({
        stationId: 'CP-2',
        label: 'RemoteStart',
        build,
        beforeSend: async (protocol, action) => void recorded.push(`${protocol} ${action}`),
      });
      expect(sent.map((s) => s.action)).toEqual(['RequestStartTransaction']);
      expect(recorded).toEqual(['ocpp2.0.1 RequestStartTransaction']);
    });

    it("sends a typed endpoint's payload as given, with its timeout, and refuses a station of another version", async () => {
      const { operator, connect, bootStatus, sent } = setup();
      await connect('CP-3', 'ocpp1.6');
      await bootStatus.set('CP-3', 'Accepted');
      expect((await operator.sendTyped('ocpp1.6', 'CP-3', 'Reset', { type: 'Soft' }, 5_000)).result).toEqual({ status: 'Accepted' });
      expect((await refusal(operator.sendTyped('ocpp2.1', 'CP-3', 'Reset', { type: 'Immediate' })))[1]).toBe('protocol-mismatch');
      expect(sent).toEqual([{ stationId: 'CP-3', action: 'Reset', payload: { type: 'Soft' }, timeoutMs: 5_000 }]);
    });

    it('sends the prepared payload, validated, with the hooks around the send', async () => {
      const calls: string[] = [];
      const { operator, connect, bootStatus, sent } = setup({
        prepare: async (_id, _protocol, action, payload) =>
          action === 'GetDiagnostics'
            ? {
                payload: { ...payload, location: 'https://files.example/up/1' },
                beforeSend: async () => void calls.push('before'),
                afterAnswer: async (a) => void calls.push(`after ${JSON.stringify(a)}`),
              }
            : undefined,
      });
      await connect('CP-3', 'ocpp1.6');
      await bootStatus.set('CP-3', 'Accepted');
      await operator.send({ stationId: 'CP-3', action: 'GetDiagnostics', payload: {} });
      expect(sent[0].payload).toEqual({ location: 'https://files.example/up/1' });
      expect(calls).toEqual(['before', 'after {"status":"Accepted"}']);
      expect(sent[0].timeoutMs).toBe(30_000);
    });
  });

  describe('boot policy (commandAllowed), on every service alike', () => {
    it.each([
      ['Rejected', 'TriggerMessage', 409],
      ['Rejected', 'ClearCache', 409],
      ['Pending', 'Reset', 200],
      ['Pending', 'GetConfiguration', 200],
      ['Pending', 'RemoteStartTransaction', 409],
      ['Pending', 'SetChargingProfile', 409],
      ['Pending', 'ClearCache', 409],
      [null, 'TriggerMessage', 200],
      [null, 'RemoteStopTransaction', 409],
      ['Accepted', 'RemoteStartTransaction', 200],
      ['Accepted', 'ClearCache', 200],
    ] as const)('boot %s: %s → %i', async (status, action, expected) => {
      const { operator, connect, bootStatus } = setup();
      await connect('CP-4', 'ocpp1.6');
      if (status) await bootStatus.set('CP-4', status);
      const payloads: Record<string, Record<string, unknown>> = {
        TriggerMessage: { requestedMessage: 'BootNotification' },
        Reset: { type: 'Soft' },
        GetConfiguration: {},
        RemoteStartTransaction: { idTag: 'T' },
        RemoteStopTransaction: { transactionId: 1 },
        SetChargingProfile: {
          connectorId: 0,
          csChargingProfiles: {
            chargingProfileId: 1,
            stackLevel: 0,
            chargingProfilePurpose: 'TxDefaultProfile',
            chargingProfileKind: 'Absolute',
            chargingSchedule: { chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 11000 }] },
          },
        },
        ClearCache: {},
      };
      const outcome = operator.send({ stationId: 'CP-4', action, payload: payloads[action] });
      if (expected === 200) await expect(outcome).resolves.toEqual({ protocol: 'ocpp1.6', result: { status: 'Accepted' } });
      else expect(await refusal(outcome)).toEqual([409, 'boot-status', expect.stringContaining(status ?? 'not been accepted')]);
    });
  });

  describe("the station's answer as HTTP", () => {
    it.each([
      [{ outcome: 'timeout' as const }, 504],
      [{ outcome: 'error' as const, error: { code: 'NotSupported', description: 'no', details: {} } }, 502],
      [{ outcome: 'offline' as const }, 409],
      [{ outcome: 'rejected' as const, rejection: 'queue-full' as const, retryAfterMs: 2_500 }, 429],
    ])('%j → %i', async (answer, status) => {
      const { operator, connect, bootStatus } = setup({}, answer);
      await connect('CP-5', 'ocpp1.6');
      await bootStatus.set('CP-5', 'Accepted');
      expect((await refusal(operator.send({ stationId: 'CP-5', action: 'ClearCache', payload: {} })))[0]).toBe(status);
    });

    it('gives every answer to onResult before the HTTP answer, and the envelope to sendForResult', async () => {
      const seen: string[] = [];
      const { operator, connect, bootStatus } = setup({ onResult: async (r) => void seen.push(r.outcome) }, { outcome: 'timeout' });
      await connect('CP-6', 'ocpp1.6');
      await bootStatus.set('CP-6', 'Accepted');
      expect((await operator.sendForResult({ stationId: 'CP-6', action: 'ClearCache', payload: {}, timeoutMs: 5_000 })).outcome).toBe(
        'timeout',
      );
      expect(seen).toEqual(['timeout']);
    });

    it('connectedProtocol: the version of a connected station, 409 otherwise', async () => {
      const { operator, connect } = setup();
      await connect('CP-7', 'ocpp2.1');
      expect(await operator.connectedProtocol('CP-7')).toBe('ocpp2.1');
      expect((await refusal(operator.connectedProtocol('CP-8')))[0]).toBe(409);
    });
  });
});
