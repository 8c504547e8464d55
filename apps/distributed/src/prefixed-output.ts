/** Output lines of several processes interleaved on one stream, each prefixed with its source's name. */

/** ANSI colours (cyan, yellow, green, magenta, blue and their bright kinds), one per source in turn. */
const COLOURS = [36, 33, 32, 35, 34, 96, 93, 92, 95, 94];
const GREY = 90;

export interface PrefixOptions {
  /** Every source that may write, in order: the prefix is padded to the longest, colours go in this order. */
  names: readonly string[];
  /** ANSI colours (when the stream is a terminal). */
  colour: boolean;
}

/** Returns `format(source, text)`: `<source padded> | <text>`, the prefix coloured when asked. */
export function linePrefixer(options: PrefixOptions): (source: string, text: string) => string {
  const width = Math.max(0, ...options.names.map((n) => n.length));
  const colourOf = (source: string): number => {
    const index = options.names.indexOf(source);
    return index < 0 ? GREY : COLOURS[index % COLOURS.length];
  };
  return (source, text) => {
    const prefix = `${source.padEnd(width)} |`;
    return options.colour ? `\x1b[${colourOf(source)}m${prefix}\x1b[0m ${text}` : `${prefix} ${text}`;
  };
}

/** Colour when writing to a terminal that has colours (Node's check: TERM, NO_COLOR, FORCE_COLOR). */
export function wantsColour(stream: { isTTY?: boolean; hasColors?: () => boolean }): boolean {
  return stream.isTTY === true && stream.hasColors?.() === true;
}
