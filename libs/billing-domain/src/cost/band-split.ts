import { bandRanges, inBand, minuteOfDay } from '../tariff/local-time';
import type { Tariff, TimeBand } from '../tariff/tariff';
import type { Span } from '../time/interval';
import { addDays, instantsOfLocal, offsetTransitions, toLocal } from '../time/zoned-time';

export interface BandPiece extends Span {
  /** The band in force over the whole piece; null = base prices. */
  band: TimeBand | null;
}

/**
 * Cuts `span` where a band starts or ends in the tariff's local time and where the zone's UTC
 * offset changes, and names the band in force over each piece. Every instant at which the local
 * clock shows a band edge is a cut (a fall-back repeats an hour, so an edge in it cuts twice); an
 * edge skipped by a spring-forward is crossed at the offset change, which is a cut too. So the
 * local time moves without jumps inside each piece and its start says which band applies.
 */
export function splitByBands(span: Span, tariff: Tariff): BandPiece[] {
  if (span.to <= span.from) return [];
  if (tariff.bands.length === 0) return [{ ...span, band: null }];
  const bands = tariff.bands.map((band) => ({ band, from: minuteOfDay(band.from, 'from'), to: minuteOfDay(band.to, 'to') }));
  const edges = new Set<number>();
  for (const b of bands) for (const [a, z] of bandRanges(b.from, b.to)) edges.add(a).add(z % 1440);
  const cuts = new Set<number>(offsetTransitions(span.from, span.to, tariff.timeZone));
  const first = toLocal(span.from, tariff.timeZone);
  const last = toLocal(span.to, tariff.timeZone);
  const lastDay = Date.UTC(last.year, last.month - 1, last.day + 1);
  for (let date = addDays(first, -1); Date.UTC(date.year, date.month - 1, date.day) <= lastDay; date = addDays(date, 1)) {
    for (const minute of edges) {
      for (const instant of instantsOfLocal({ ...date, hour: Math.floor(minute / 60), minute: minute % 60, second: 0 }, tariff.timeZone)) {
        if (instant > span.from && instant < span.to) cuts.add(instant);
      }
    }
  }
  const points = [span.from, ...[...cuts].sort((a, b) => a - b), span.to];
  const pieces: BandPiece[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const local = toLocal(points[i], tariff.timeZone);
    const second = local.hour * 3600 + local.minute * 60 + local.second;
    const band = bands.find((b) => inBand(second, b.from, b.to))?.band ?? null;
    const previous = pieces[pieces.length - 1];
    if (previous && previous.band === band && previous.to === points[i]) previous.to = points[i + 1];
    else pieces.push({ from: points[i], to: points[i + 1], band });
  }
  return pieces;
}
