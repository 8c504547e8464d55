/** Addressed, fire-and-forget delivery to one process (a gateway instance or a service instance). */
export interface ReplyChannel {
  send(channel: string, message: string): Promise<void>;
  /** Starts delivering messages for `channel`; resolves once listening. */
  listen(channel: string, handler: (message: string) => void): Promise<{ close(): Promise<void> }>;
  close(): Promise<void>;
}
