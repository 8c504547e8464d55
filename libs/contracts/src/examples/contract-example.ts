/**
 * A documented example record of a topic: validated against the topic's schema by
 * contract-examples.spec.ts and published in docs/asyncapi.json as a message example.
 */
export interface ContractExample<T> {
  /** Short name (the AsyncAPI message example's `name`). */
  name: string;
  summary: string;
  /** The Kafka record key. */
  key: string;
  /** Kafka headers by name, as consumers read them (only ocpp.inbound.v1 has any). */
  headers?: Record<string, string>;
  payload: T;
}
