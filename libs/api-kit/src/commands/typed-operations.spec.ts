import { commandOwner } from '@voltlane/contracts';
import { actionsOf, schemaFor } from '@voltlane/ocpp';
import { kebabCase, typedOperations } from './typed-operations';

const officialSchema = (version: Parameters<typeof schemaFor>[0], action: string, kind: 'request' | 'response') =>
  schemaFor(version, action, kind);

describe('typed OCPP command operations', () => {
  it('kebab-cases action names', () => {
    expect(kebabCase('Reset')).toBe('reset');
    expect(kebabCase('GetVariables')).toBe('get-variables');
    expect(kebabCase('GetInstalledCertificateIds')).toBe('get-installed-certificate-ids');
    expect(kebabCase('Get15118EVCertificate')).toBe('get15118-ev-certificate');
  });

  it('covers every CSMS→station action of each version except those other services own', () => {
    for (const version of ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'] as const) {
      const expected = actionsOf(version, 'CsmsToStation')
        .map((i) => i.action)
        .filter((a) => commandOwner(a) === 'station-service');
      const operations = typedOperations(version, 'station-service');
      expect(operations.map((o) => o.action)).toEqual(expected);
      expect(new Set(operations.map((o) => o.route)).size).toBe(operations.length);
      for (const operation of operations) {
        expect(officialSchema(version, operation.action, 'request')).toBeDefined();
        expect(officialSchema(version, operation.action, 'response')).toBeDefined();
      }
    }
    expect(typedOperations('ocpp1.6', 'station-service').map((o) => o.operationId)).toEqual(
      expect.arrayContaining(['ocpp16Reset', 'ocpp16GetConfiguration', 'ocpp16SignedUpdateFirmware']),
    );
    expect(typedOperations('ocpp1.6', 'station-service').map((o) => o.action)).not.toContain('RemoteStartTransaction');
    expect(typedOperations('ocpp2.0.1', 'station-service').find((o) => o.action === 'GetVariables')).toEqual({
      version: 'ocpp2.0.1',
      action: 'GetVariables',
      route: 'ocpp201/get-variables',
      operationId: 'ocpp201GetVariables',
      tag: 'OCPP 2.0.1 B Provisioning',
    });
    expect(typedOperations('ocpp2.1', 'station-service').map((o) => o.action)).not.toContain('SetDefaultTariff');
  });

  it('gives each owner its own actions, and every operationId once across owners', () => {
    const owners = ['station-service', 'session-service', 'customer-service', 'billing-service'] as const;
    for (const version of ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'] as const) {
      const all = owners.flatMap((owner) => typedOperations(version, owner));
      expect(all.map((o) => o.action).sort()).toEqual(
        actionsOf(version, 'CsmsToStation')
          .map((i) => i.action)
          .sort(),
      );
      expect(new Set(all.map((o) => o.operationId)).size).toBe(all.length);
    }
    expect(typedOperations('ocpp1.6', 'session-service').map((o) => o.route)).toContain('ocpp16/remote-start-transaction');
    expect(
      typedOperations('ocpp2.0.1', 'customer-service')
        .map((o) => o.operationId)
        .sort(),
    ).toEqual(['ocpp201ClearCache', 'ocpp201GetLocalListVersion', 'ocpp201SendLocalList']);
  });
});
