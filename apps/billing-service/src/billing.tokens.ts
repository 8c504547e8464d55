/** Nest injection tokens for values that are not classes. */
export const BILLING_CONFIG = Symbol('BillingServiceConfig');
export const BILLING_LOGGER = Symbol('BillingLogger');
export const EVENT_PUBLISHER = Symbol('EventPublisher');
export const EVENT_SUBSCRIBER = Symbol('EventSubscriber');
/** Where consumers park records that fail permanently (the shared `dead_letters`). */
export const DEAD_LETTERS = Symbol('DeadLetters');
export const CLOCK = Symbol('Clock');

/** The current time; injected so tests and replays can fix it. */
export type Clock = () => Date;
/** The service's ports (bus, registry, boot status, station commands). */
export const BILLING_PORTS = Symbol('BillingPorts');
