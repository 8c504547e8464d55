import type { MessageLogService } from '../application/message-log.service';

/** What the message log controller uses (built from the service handle). */
export interface MessageLogApiDeps {
  messages: MessageLogService;
  stationExists(id: string): Promise<boolean>;
}

export const MESSAGE_LOG_API = Symbol('MessageLogApiDeps');
