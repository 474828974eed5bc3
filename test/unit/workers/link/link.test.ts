/**
 * The link's calls as data (workers/link/link.ts): a call names a method of the callee's RPC
 * interface and its arguments, and the injected faults, distances and timeouts apply to it on the
 * caller's clock. The objects are fakes (test/helpers/fake-objects.ts).
 */
import { afterEach, describe, expect, test } from "vitest";
import { faults, LinkError } from "../../../../workers/link/faults";
import { Link } from "../../../../workers/link/link";
import type { ReplicaRef } from "../../../../workers/replica/protocol";
import { type Answer, fakeObjects } from "../../../helpers/fake-objects";
import { ManualClock } from "../../../helpers/manual-clock";
import { watch } from "../../../helpers/watch";

afterEach(() => faults.reset());

const ref = (zone: string, name = `t/p0/us-east-1/${zone}`): ReplicaRef => ({ name, zone, locationHint: "enam" });

function linkOf(answer: Answer, from?: ReplicaRef, options: { clock?: ManualClock; latency?: string } = {}) {
  const { env, received } = fakeObjects(answer, options.latency);
  return { link: new Link(env, from, { clock: options.clock }), received };
}

describe("Link: calls as data", () => {
  test("a replica call names the method and passes its arguments; the answer comes back as the interface types it", async () => {
    const { link, received } = linkOf((name, method, args) => ({ name, method, args }));
    const answer = await link.call(ref("us-east-1a"), "collectTombstones", [{ tableId: "t", mapVersion: 3 }, "hlc"]);
    expect(answer).toEqual({
      name: "t/p0/us-east-1/us-east-1a",
      method: "collectTombstones",
      args: [{ tableId: "t", mapVersion: 3 }, "hlc"],
    });
    expect(received).toEqual([answer]);
  });

  test("a metadata call goes to the region's object, named after the region", async () => {
    const { link, received } = linkOf(() => ({ ok: true }));
    expect(await link.callMetadata("eu-west-1", "forgetReplica", ["music", "us-east-1"])).toEqual({ ok: true });
    expect(received).toEqual([{ name: "eu-west-1", method: "forgetReplica", args: ["music", "us-east-1"] }]);
  });

  test("a call to a crashed replica is refused without reaching it: a LinkError, not delivered", async () => {
    const { link, received } = linkOf(() => "answer");
    faults.crash(ref("us-east-1b").name);
    const call = link.call(ref("us-east-1b"), "status", []);
    await expect(call).rejects.toBeInstanceOf(LinkError);
    await expect(call).rejects.toMatchObject({ delivered: false });
    expect(received).toEqual([]);
    // Its neighbours are reached as before.
    expect(await link.call(ref("us-east-1a"), "status", [])).toBe("answer");
  });

  test("a cut between two zones refuses a member's calls across it", async () => {
    const { link, received } = linkOf(() => "answer", ref("us-east-1a", "t/p0/us-east-1/us-east-1a"));
    faults.cut("us-east-1a", "us-east-1c");
    await expect(link.call(ref("us-east-1c"), "drop", [])).rejects.toMatchObject({ delivered: false });
    expect(received).toEqual([]);
    await link.call(ref("us-east-1b"), "drop", []);
    expect(received.map((r) => r.name)).toEqual(["t/p0/us-east-1/us-east-1b"]);
  });

  test("a failure in the runtime is a delivered LinkError", async () => {
    const { link } = linkOf(() => {
      throw new Error("object reset");
    });
    await expect(link.call(ref("us-east-1a"), "status", [])).rejects.toMatchObject({
      name: "LinkError",
      delivered: true,
      message: "Error: object reset",
    });
  });

  test("the admin API's calls reach a member past the faults", async () => {
    const { link, received } = linkOf(() => ({ count: 1 }));
    faults.stop(ref("us-east-1a").name);
    expect(await link.callBypassingFaults(ref("us-east-1a"), "digest", [])).toEqual({ count: 1 });
    expect(received).toHaveLength(1);
  });
});

describe("Link: time, on the caller's clock", () => {
  const never = () => new Promise<never>(() => undefined);

  test("a call to a stopped replica goes unanswered until its timeout passes on the clock: then a LinkError, not delivered", async () => {
    const clock = new ManualClock();
    const { link, received } = linkOf(() => "answer", undefined, { clock });
    faults.stop(ref("us-east-1a").name);
    const call = watch(link.call(ref("us-east-1a"), "status", [], 300));
    await clock.advance(299);
    expect(call.state).toBe("pending");
    await clock.advance(1);
    expect(call).toMatchObject({ state: "rejected", error: { name: "LinkError", delivered: false } });
    expect(received).toEqual([]);
  });

  test("without a timeout, a stopped replica's call is unanswered for a second", async () => {
    const clock = new ManualClock();
    const { link } = linkOf(() => "answer", undefined, { clock });
    faults.stop(ref("us-east-1a").name);
    const call = watch(link.call(ref("us-east-1a"), "drop", []));
    await clock.advance(999);
    expect(call.state).toBe("pending");
    await clock.advance(1);
    expect(call.state).toBe("rejected");
  });

  test("a slow replica's call is delayed each way: it arrives after the delay and its answer after another", async () => {
    const clock = new ManualClock();
    const { link, received } = linkOf(() => "answer", undefined, { clock });
    faults.slow(ref("us-east-1a").name, 100);
    const call = watch(link.call(ref("us-east-1a"), "status", []));
    await clock.advance(99);
    expect(received).toEqual([]);
    await clock.advance(1);
    expect(received).toHaveLength(1);
    await clock.advance(99);
    expect(call.state).toBe("pending");
    await clock.advance(1);
    expect(call).toMatchObject({ state: "resolved", value: "answer" });
  });

  test("a replica in another region is half the round trip away each way", async () => {
    const clock = new ManualClock();
    const from = ref("us-east-1a");
    const { link, received } = linkOf(() => "answer", from, { clock, latency: '{"us-east-1|eu-west-1": 80}' });
    const call = watch(link.call(ref("eu-west-1a", "t/p0/eu-west-1/eu-west-1a"), "status", []));
    await clock.advance(39);
    expect(received).toEqual([]);
    await clock.advance(1);
    expect(received).toHaveLength(1);
    await clock.advance(40);
    expect(call).toMatchObject({ state: "resolved", value: "answer" });
  });

  test("a delivered call that does not answer within its timeout is a delivered LinkError once the clock passes it", async () => {
    const clock = new ManualClock();
    const { link, received } = linkOf(never, undefined, { clock });
    const call = watch(link.call(ref("us-east-1a"), "campaign", [], 250));
    await clock.advance(249);
    expect(received).toHaveLength(1);
    expect(call.state).toBe("pending");
    await clock.advance(1);
    expect(call).toMatchObject({ state: "rejected", error: { name: "LinkError", delivered: true } });
    expect(clock.waiting).toBe(0);
  });

  test("a metadata call and a call past the faults time out on the clock too; an answer in time cancels the timer", async () => {
    const clock = new ManualClock();
    const { link } = linkOf(never, undefined, { clock });
    const metadata = watch(link.callMetadata("us-east-1", "route", ["t"], 500));
    const past = watch(link.callBypassingFaults(ref("us-east-1a"), "status", [], 800));
    await clock.advance(500);
    expect(metadata).toMatchObject({ state: "rejected", error: { name: "LinkError", delivered: true } });
    expect(past.state).toBe("pending");
    await clock.advance(300);
    expect(past).toMatchObject({ state: "rejected", error: { name: "LinkError", delivered: true } });

    const answered = linkOf(() => "answer", undefined, { clock }).link;
    expect(await answered.call(ref("us-east-1a"), "status", [], 500)).toBe("answer");
    expect(clock.waiting).toBe(0);
  });
});
