/**
 * The link's calls as data (workers/link/link.ts): a call names a method of the callee's RPC
 * interface and its arguments, and the injected faults apply to it as to any call. The objects
 * are fakes behind fake namespaces: the link only looks ids up and calls methods on stubs.
 */
import { afterEach, describe, expect, test } from "vitest";
import type { Env } from "../../../../workers/env";
import { faults, LinkError } from "../../../../workers/link/faults";
import { Link } from "../../../../workers/link/link";
import type { ReplicaRef } from "../../../../workers/replica/protocol";

afterEach(() => faults.reset());

const ref = (zone: string, name = `t/p0/us-east-1/${zone}`): ReplicaRef => ({ name, zone, locationHint: "enam" });

/** Every call a fake object got: the object's name, the method and its arguments. */
type Received = { name: string; method: string; args: unknown[] }[];

/** A namespace whose objects answer every method with `answer(name, method, args)`, recording the calls. */
function namespace(received: Received, answer: (name: string, method: string, args: unknown[]) => unknown) {
  return {
    idFromName: (name: string) => ({ name }),
    get: (id: { name: string }) =>
      new Proxy(
        {},
        {
          get:
            (_target, method: string) =>
            async (...args: unknown[]) => {
              received.push({ name: id.name, method, args });
              return answer(id.name, method, args);
            },
        },
      ),
  };
}

function linkOf(answer: (name: string, method: string, args: unknown[]) => unknown, from?: ReplicaRef) {
  const received: Received = [];
  const env = {
    METADATA: namespace(received, answer),
    REPLICA: namespace(received, answer),
    REGION_LATENCY_MS: "off",
  } as unknown as Pick<Env, "METADATA" | "REPLICA" | "REGION_LATENCY_MS">;
  return { link: new Link(env, from), received };
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

  test("a cut between two zones refuses a member's calls across it, as for closure calls", async () => {
    const { link, received } = linkOf(() => "answer", ref("us-east-1a", "t/p0/us-east-1/us-east-1a"));
    faults.cut("us-east-1a", "us-east-1c");
    await expect(link.call(ref("us-east-1c"), "drop", [])).rejects.toMatchObject({ delivered: false });
    await expect(link.call(ref("us-east-1c"), (stub) => stub.drop())).rejects.toMatchObject({ delivered: false });
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
