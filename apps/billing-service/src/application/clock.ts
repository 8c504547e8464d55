/** The current time; given at start so tests and replays can fix it. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
