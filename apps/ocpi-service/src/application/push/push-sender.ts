import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Startable } from '@voltlane/service-kit';
import type { OcpiClient } from '../ocpi-client';
import { OutboxRepository, type PushResponse, type StoredPush } from '../../persistence/outbox.repository';
import type { PartnerDirectory } from '../partners';
import { retryDelayMs, type RetryWindow } from './push-backoff';
import { isDelivered, pushUrl, refusalOf, responseOf } from './push-delivery';

export interface PushSenderOptions extends RetryWindow {
  pushPollMs: number;
  requestTimeoutMs: number;
  /** Most heads claimed (and sent at once) per round. */
  batchSize?: number;
}

/** A push the partner took, with its answer (listeners: e.g. a CDR's `Location`). */
export interface DeliveredPush {
  push: StoredPush;
  response: PushResponse;
}

export type DeliveryListener = (delivered: DeliveredPush) => Promise<void> | void;

const DEFAULT_BATCH = 50;
/** Requests in flight to one partner at a time (per sender). */
const PER_PARTNER = 4;
/** A claimed push is leased for the request timeout and this much more (a sender that died mid-send is retried after it). */
const LEASE_MARGIN_MS = 15_000;

/**
 * Delivers the outbox: it claims the due heads (the first unsent push of each partner and object,
 * at most four of one partner so that none is flooded: `OutboxRepository.claimDue`) and sends
 * them at once, each with the OcpiClient to the partner's RECEIVER URL of its module; again at once
 * while there was something to send, else after `pushPollMs`. HTTP 2xx with
 * a 1xxx status: sent (the answer stored). Anything else, or no answer: one more attempt, retried
 * after `retryDelayMs` (exponential with jitter in retryMin…retryMax); the object's later pushes
 * wait for it, other objects go on. A partner that is unregistered (or gone), or has no RECEIVER
 * for the module, gets nothing: its pushes are dropped with the reason. A pending partner's wait.
 * Everything is in PostgreSQL: a restart (or another replica) continues where this one stopped.
 */
export class PushSender implements Startable {
  private readonly listeners: DeliveryListener[] = [];
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly batchSize: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly partners: PartnerDirectory,
    private readonly client: OcpiClient,
    private readonly options: PushSenderOptions,
    private readonly logger: Logger,
    private readonly random: () => number = Math.random,
  ) {
    this.batchSize = options.batchSize ?? DEFAULT_BATCH;
  }

  /** Called after each delivery (after it is marked sent); a listener's failure is logged, never undoes it. */
  onDelivered(listener: DeliveryListener): void {
    this.listeners.push(listener);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops polling and waits for the sends under way (each ends within the request timeout). */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  /** One round: claims the due heads (at most PER_PARTNER of one partner) and sends them at once; resolves with how many were claimed. */
  async sendDue(): Promise<number> {
    const lease = this.options.requestTimeoutMs + LEASE_MARGIN_MS;
    const claimed = await new OutboxRepository(this.dataSource).claimDue(this.batchSize, PER_PARTNER, lease);
    await Promise.all(claimed.map((push) => this.deliver(push)));
    return claimed.length;
  }

  /** Rounds follow each other while there was something to send; with nothing due, it waits pushPollMs. */
  private async run(): Promise<void> {
    while (this.running) {
      let claimed = 0;
      try {
        claimed = await this.sendDue();
      } catch (error) {
        this.logger.warn({ err: error }, 'pushes not claimed; trying again');
      }
      if (claimed === 0 && this.running) await this.pause(this.options.pushPollMs);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private async deliver(push: StoredPush): Promise<void> {
    const repository = new OutboxRepository(this.dataSource);
    const log = this.logger.child({ pushId: push.pushId, partnerId: push.partnerId, objectKey: push.objectKey });
    try {
      const partner = await this.partners.get(push.partnerId);
      if (!partner || partner.status === 'UNREGISTERED') {
        await repository.markDropped(push.pushId, 'partner unregistered: push dropped');
        log.info('push dropped: the partner is unregistered');
        return;
      }
      if (partner.status !== 'REGISTERED' || !partner.outgoingToken) {
        await this.failed(repository, push, `partner is ${partner.status}: waiting for its registration`, null, log);
        return;
      }
      const url = pushUrl(partner, push);
      if (url === undefined) {
        await repository.markDropped(push.pushId, `partner has no ${push.module} RECEIVER endpoint: push dropped`);
        log.info({ module: push.module }, 'push dropped: the partner has no receiver for the module');
        return;
      }
      let answer;
      try {
        answer = await this.client.request(partner, {
          method: push.method,
          url,
          ...(push.body !== null ? { body: push.body } : {}),
          ...(push.to ? { to: push.to } : {}),
          correlationId: `ocpi-push-${push.pushId}`,
        });
      } catch (error) {
        await this.failed(repository, push, error instanceof Error ? error.message : String(error), null, log);
        return;
      }
      const response = responseOf(answer);
      if (!isDelivered(answer)) {
        await this.failed(repository, push, `${push.method} ${url}: ${refusalOf(answer)}`, response, log);
        return;
      }
      await repository.markSent(push.pushId, response);
      log.debug({ method: push.method, url, attempts: push.attempts + 1 }, 'push delivered');
      for (const listener of this.listeners) {
        try {
          await listener({ push, response });
        } catch (error) {
          log.warn({ err: error }, 'a delivery listener failed');
        }
      }
    } catch (error) {
      // The database failed us: the lease runs out and the push is claimed again.
      log.warn({ err: error }, 'push outcome not stored; it is retried when its lease ends');
    }
  }

  private async failed(
    repository: OutboxRepository,
    push: StoredPush,
    reason: string,
    response: PushResponse | null,
    log: Logger,
  ): Promise<void> {
    const delayMs = retryDelayMs(push.attempts + 1, this.options, this.random);
    const attempts = await repository.markFailed(push.pushId, delayMs, reason, response);
    log.warn({ attempts, retryInMs: delayMs }, `push failed: ${reason}`);
  }
}
