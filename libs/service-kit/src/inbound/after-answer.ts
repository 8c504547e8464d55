import type { Logger } from 'pino';

/**
 * Work a handler starts that must follow its CALL's answer, never precede it: the
 * SetChargingProfile after a NotifyEVChargingNeedsResponse (K15.FR.03), the CertificateSigned after
 * a SignCertificateResponse. The dispatcher hands the answer to the gateway's channel as soon as the
 * handler returns; a job queued here starts on a later turn of the event loop, so the station's
 * command goes out behind the answer on the same channel. A failed job is logged, never thrown.
 */
export class AfterAnswer {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  run(what: string, job: () => Promise<void>): void {
    const done: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
      .then(job)
      .catch((error: unknown) => this.logger.warn({ err: error }, `${what} failed`))
      .finally(() => this.running.delete(done));
    this.running.add(done);
  }

  /** Resolves when the jobs under way have finished (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
