/**
 * What a command handler returns: the CALLRESULT payload, and optionally work to start once
 * that answer is on the wire (e.g. the StartTransaction a RemoteStart leads to).
 */
export interface HandlerResult {
  payload: object;
  then?: () => void;
}

/** Answers one CSMS→station action. `request` has already passed the action's JSON schema. */
export type CommandHandler<C> = (ctx: C, request: Record<string, unknown>) => HandlerResult;

/** Action → handler, one table per protocol family. */
export type HandlerTable<C> = Readonly<Record<string, CommandHandler<C>>>;

/** Answers `action` with the handler `table` has for it; undefined when it has none (not implemented). */
export function dispatch<C>(table: HandlerTable<C>, ctx: C, action: string, request: Record<string, unknown>): HandlerResult | undefined {
  const handler = table[action];
  return handler ? handler(ctx, request) : undefined;
}

export function answer(payload: object, then?: () => void): HandlerResult {
  return then ? { payload, then } : { payload };
}
