import { Type, type TObject } from '@sinclair/typebox';
import { billingCdrContract, billingCdrSchema, parseBillingCdr } from './billing-cdrs.contract';
import { contractCatalog } from './contract-catalog';
import { ContractViolation, defineContract } from './contract-validator';
import { billingCdrExamples } from './examples/billing-cdrs.examples';
import { sessionLifecycleExamples } from './examples/sessions-lifecycle.examples';
import { tariffCatalogExamples } from './examples/billing-tariffs.examples';
import { parseGatewayChannelEnvelope, replyChannelSchemas } from './reply-channel.contract';
import { sessionLifecycleEventContract } from './sessions-lifecycle.contract';
import { parseStationStatusEvent } from './stations-status.contract';
import { tariffCatalogEntryContract } from './billing-tariffs.contract';

/** A deep copy of `value` with `field` added to every JSON object in it (a producer's v1.x record). */
function withFieldEverywhere(value: unknown, field: string, fieldValue: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => withFieldEverywhere(v, field, fieldValue));
  if (value === null || typeof value !== 'object') return value;
  const copy = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withFieldEverywhere(v, field, fieldValue)]));
  return { ...copy, [field]: fieldValue };
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const objectTopics = contractCatalog.filter((c) => c.schema['type'] === 'object');
const [cdr] = billingCdrExamples.map((e) => e.payload);
const [started] = sessionLifecycleExamples.map((e) => e.payload);

describe('compatibility of the v1 topics (docs/contracts.md)', () => {
  describe('an added optional field', () => {
    it.each(objectTopics.flatMap((c) => c.examples.map((e) => [`${c.topic} ${e.name}`, c.contract, e.payload] as const)))(
      '%s: a consumer accepts the record with a new field in every object, and keeps it; its producer may not send it',
      (_name, contract, payload) => {
        const top = { ...clone(payload as object), addedInV1_1: 'x' };
        expect(contract.incoming(top)).toEqual(top);
        expect(() => contract.outgoing(top)).toThrow(ContractViolation);
        expect(() => contract.outgoing(top)).toThrow(/must NOT have additional properties \(addedInV1_1\)/);
        const everywhere = withFieldEverywhere(payload, 'addedInV1_1', { nested: [1, 2] });
        expect(contract.incoming(everywhere)).toEqual(everywhere);
      },
    );

    it('a nested added field is refused by the producer check where the schema names the object (CDR money, tariff, lines)', () => {
      for (const corrupt of [
        (r: Record<string, any>) => (r['totalInclTax'].taxCode = 'S'),
        (r: Record<string, any>) => (r['tariff'].vendor = 'v'),
        (r: Record<string, any>) => (r['lines'][0].note = 'n'),
      ]) {
        const record = clone(cdr) as Record<string, any>;
        corrupt(record);
        expect(parseBillingCdr(record)).toEqual(record);
        expect(() => billingCdrContract.outgoing(record)).toThrow(ContractViolation);
      }
    });

    it("fields the contract leaves open stay open for producers too (an OCPP payload, a command's result payload)", () => {
      const [command] = contractCatalog.find((c) => c.topic === 'ocpp.commands.v1')?.examples ?? [];
      const record = clone(command?.payload) as Record<string, any>;
      record['result'].payload = { status: 'Accepted', statusInfo: { reasonCode: 'NoError', vendorSpecific: 1 } };
      const contract = contractCatalog.find((c) => c.topic === 'ocpp.commands.v1')?.contract;
      expect(contract?.outgoing(record)).toEqual(record);
    });

    it('the tariff scope is closed per variant for the producer: a station scope with a customerGroup is refused', () => {
      const [entry] = tariffCatalogExamples.map((e) => clone(e.payload));
      if (!entry) throw new Error('no billing.tariffs.v1 example');
      entry.assignments = [
        { id: 'a-st', scope: { kind: 'station', stationId: 'CS-1' }, validFrom: '2024-01-01T00:00:00.000Z', validTo: null },
      ];
      expect(tariffCatalogEntryContract.outgoing(entry)).toEqual(entry);
      const scope = { kind: 'station', stationId: 'CS-1', customerGroup: 'fleet' };
      const extended = { ...entry, assignments: [{ ...entry.assignments[0], scope }] };
      expect(tariffCatalogEntryContract.incoming(extended)).toEqual(extended);
      expect(() => tariffCatalogEntryContract.outgoing(extended)).toThrow(ContractViolation);
      const missing = { ...entry, assignments: [{ ...entry.assignments[0], scope: { kind: 'station' } }] };
      expect(() => tariffCatalogEntryContract.incoming(missing)).toThrow(ContractViolation);
    });

    it('the reply channel reads envelopes of a newer sender with an added field (rolling deploys)', () => {
      const reply = { kind: 'reply', stationId: 'CS-1', connectionId: 'c1', messageId: 'm1', frame: '[3,"m1",{}]', addedLater: true };
      expect(parseGatewayChannelEnvelope(reply)).toEqual(reply);
      expect(() => defineContract('reply', replyChannelSchemas.callReplySchema).outgoing(reply)).toThrow(ContractViolation);
    });
  });

  describe('what needs a v2 topic', () => {
    it('an enum value v1 does not list is refused by consumers (closed enums)', () => {
      expect(() => sessionLifecycleEventContract.incoming({ ...started, type: 'Suspended' })).toThrow(
        /\/type must be equal to one of the allowed values/,
      );
      expect(() => sessionLifecycleEventContract.incoming({ ...started, anomalies: ['SomethingNew'] })).toThrow(ContractViolation);
      expect(() =>
        parseStationStatusEvent({
          stationId: 'CS-1',
          protocol: 'ocpp1.6',
          connectorId: 1,
          status: 'Exploded',
          source: 'StatusNotification',
          timestamp: '2024-01-15T10:00:00Z',
          receivedAt: '2024-01-15T10:00:00Z',
        }),
      ).toThrow(ContractViolation);
      expect(() => sessionLifecycleEventContract.incoming({ ...started, protocol: 'ocpp2.2' })).toThrow(ContractViolation);
    });

    it('a removed (or renamed) required field is refused by consumers', () => {
      const { energyWh: _removed, ...withoutEnergy } = clone(started) as Record<string, unknown>;
      expect(() => sessionLifecycleEventContract.incoming(withoutEnergy)).toThrow(/must have required property 'energyWh'/);
      const renamed = { ...withoutEnergy, energyKWh: 0 };
      expect(() => sessionLifecycleEventContract.incoming(renamed)).toThrow(ContractViolation);
    });

    it('a changed type is refused by consumers (money as a JSON number)', () => {
      expect(() => parseBillingCdr({ ...clone(cdr), totalInclTax: { amount: 5.74, currency: 'EUR' } })).toThrow(ContractViolation);
    });
  });

  describe('evolving a schema: v1 → v1.1 by an optional field is compatible both ways; a required one is not', () => {
    const v1 = billingCdrSchema as TObject;
    const withOptional = defineContract(
      'billing.cdrs.v1 (v1.1)',
      Type.Object({ ...v1.properties, loyaltyPoints: Type.Optional(Type.Integer({ minimum: 0 })) }),
    );
    const withRequired = defineContract(
      'billing.cdrs.v1 (v1.1 required)',
      Type.Object({ ...v1.properties, loyaltyPoints: Type.Integer({ minimum: 0 }) }),
    );
    const v1Record = clone(cdr);
    const v11Record = { ...clone(cdr), loyaltyPoints: 12 };

    it('a v1.1 producer (optional field) is read by a v1 consumer', () => {
      expect(withOptional.outgoing(v11Record)).toEqual(v11Record);
      expect(parseBillingCdr(v11Record)).toEqual(v11Record);
    });

    it('a v1 record (already on the topic) is read by a v1.1 consumer', () => {
      expect(withOptional.incoming(v1Record)).toEqual(v1Record);
      expect(withOptional.outgoing(v1Record)).toEqual(v1Record);
    });

    it('with the field required, the records already on the topic break the v1.1 consumer: that change needs billing.cdrs.v2', () => {
      expect(() => withRequired.incoming(v1Record)).toThrow(/must have required property 'loyaltyPoints'/);
    });
  });
});
