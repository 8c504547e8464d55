/**
 * Runs jobs one after another per station (a station takes one CSMS call at a time anyway, and a
 * later profile must not overtake an earlier one) and different stations side by side.
 */
export class StationQueue {
  private readonly tails = new Map<string, Promise<void>>();

  /** Queues `job` behind the station's earlier jobs; resolves with its result (a failed job does not stop the queue). */
  run<T>(stationId: string, job: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(stationId) ?? Promise.resolve();
    const result = previous.then(job);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(stationId, tail);
    void tail.then(() => {
      if (this.tails.get(stationId) === tail) this.tails.delete(stationId);
    });
    return result;
  }

  /** Resolves when every job queued so far (and what they queued) has run. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.allSettled([...this.tails.values()]);
  }
}
