import pino from "pino";
import { ContractViolation } from "@voltlane/contracts";
import type { BusMessage } from "@voltlane/messaging";
import { guardedHandler, type DeadLetterStore } from "./guarded-handler";

const logger = pino({ level: "silent" });
const message: BusMessage = {
  topic: "t",
  partition: 1,
  offset: "7",
  key: "CP1",
  value: '{"a":1}',
  headers: {},
} as BusMessage;

function store(): DeadLetterStore & {
  rows: Parameters<DeadLetterStore["record"]>[0][];
} {
  const rows: Parameters<DeadLetterStore["record"]>[0][] = [];
  return { rows, record: async (failure) => void rows.push(failure) };
}

describe("guardedHandler", () => {
  it("dead-letters a record that breaks its contract or is not JSON, and goes on", async () => {
    const failures = store();
    await guardedHandler(
      async () => {
        throw new ContractViolation("test.v1", "bad");
      },
      failures,
      logger,
    )(message);
    await guardedHandler(
      async () => void JSON.parse("{"),
      failures,
      logger,
    )(message);
    expect(failures.rows.map((r) => [r.eventId, r.code, r.payload])).toEqual([
      ["t:1:7", "ContractViolation", '{"a":1}'],
      ["t:1:7", "MalformedJson", '{"a":1}'],
    ]);
  });

  it("retries other failures and succeeds when they pass", async () => {
    let calls = 0;
    const failures = store();
    await guardedHandler(
      async () => {
        if (++calls < 3) throw new Error("db blip");
      },
      failures,
      logger,
      { retryBaseMs: 1 },
    )(message);
    expect(calls).toBe(3);
    expect(failures.rows).toEqual([]);
  });

  it("rethrows a failure that persists, so the offset is not committed", async () => {
    let calls = 0;
    const handler = guardedHandler(
      async () => {
        calls++;
        throw new Error("db down");
      },
      store(),
      logger,
      { retryBaseMs: 1, maxAttempts: 3 },
    );
    await expect(handler(message)).rejects.toThrow("db down");
    expect(calls).toBe(3);
  });

  it("refuses what a service says is refused, at the level it gives", async () => {
    const failures = store();
    const refusalOf = (error: unknown) =>
      error instanceof RangeError
        ? { code: "OutOfRange", level: "warn" as const }
        : undefined;
    await guardedHandler(
      async () => {
        throw new RangeError("x");
      },
      failures,
      logger,
      { refusalOf },
    )(message);
    expect(failures.rows.map((r) => r.code)).toEqual(["OutOfRange"]);
  });
});
