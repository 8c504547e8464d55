import { SseParser } from '../util/sse-parser';

/** What GET /api/v1/events sends (docs/openapi.json: liveEvents). */
export type LiveEvent =
  | { name: 'station.connection'; data: { stationId: string; type: 'Connected' | 'Disconnected'; at: string } }
  | {
      name: 'station.status';
      data: { stationId: string; evseId?: number; connectorId: number; status: string; errorCode?: string; at: string };
    }
  | {
      name: 'session';
      data: {
        sessionId: string;
        stationId: string;
        type: 'Started' | 'Updated' | 'Ended';
        connectorId?: number;
        evseId?: number;
        energyWh: number;
        at: string;
      };
    }
  | {
      name: 'cdr';
      data: {
        cdrId: string;
        sessionId: string;
        stationId: string;
        currency: string;
        totalExclTax: string;
        totalInclTax: string;
        energyWh: number;
      };
    };

export type LiveState = 'connecting' | 'live' | 'reconnecting';

export interface LiveEventsOptions {
  apiKey: string;
  onEvent(event: LiveEvent): void;
  onState(state: LiveState): void;
  /** Called on every (re)connection: what was missed meanwhile must be read again. */
  onConnected?(): void;
  fetch?: typeof fetch;
}

const NAMES = new Set(['station.connection', 'station.status', 'session', 'cdr']);

/**
 * Follows GET /api/v1/events with fetch() (EventSource cannot send the X-API-Key header; the key
 * never goes into a URL). Reconnects after the server's `retry` (3 s) when the stream ends or
 * fails, until `close()`.
 */
export function followLiveEvents(options: LiveEventsOptions): { close(): void } {
  const doFetch = options.fetch ?? fetch.bind(globalThis);
  let closed = false;
  let retryMs = 3_000;
  let controller: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const connect = async (): Promise<void> => {
    controller = new AbortController();
    try {
      const response = await doFetch('/api/v1/events', {
        headers: { 'X-API-Key': options.apiKey, Accept: 'text/event-stream' },
        signal: controller.signal,
        cache: 'no-store',
      });
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      options.onState('live');
      options.onConnected?.();
      const parser = new SseParser(
        (event) => {
          if (!NAMES.has(event.event)) return;
          try {
            options.onEvent({ name: event.event, data: JSON.parse(event.data) as unknown } as LiveEvent);
          } catch {
            /* a line that is not JSON: skipped */
          }
        },
        (ms) => (retryMs = ms),
      );
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.push(value);
      }
    } catch {
      /* ended or failed: reconnect below */
    }
    if (closed) return;
    options.onState('reconnecting');
    timer = setTimeout(() => void connect(), retryMs);
  };

  options.onState('connecting');
  void connect();
  return {
    close: () => {
      closed = true;
      clearTimeout(timer);
      controller?.abort();
    },
  };
}
