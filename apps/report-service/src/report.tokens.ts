/** Nest injection tokens for values that are not classes. */
export const REPORT_CONFIG = Symbol('ReportServiceConfig');
export const REPORT_LOGGER = Symbol('ReportLogger');
export const EVENT_SUBSCRIBER = Symbol('EventSubscriber');
/** Where consumers park records that fail permanently (the shared `dead_letters`). */
export const DEAD_LETTERS = Symbol('DeadLetters');
export const CLOCK = Symbol('Clock');

/** The current time; injected so tests and replays can fix it. */
export type Clock = () => Date;
