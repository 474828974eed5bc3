/**
 * Calls to objects of another process (workers/link/remote.ts), inside workerd: a link told it is
 * one of two processes sends calls for the other's objects over PEER_<i> to the `Internal`
 * entrypoint (here this Worker's own), as the self-hosted server run as processes does. The
 * answers are those of the local stubs, errors come back as errors, and a call without the
 * internal token is refused.
 */
import { env } from "cloudflare:workers";
import { describe, expect, test } from "vitest";
import type { Env } from "../../../workers/env";
import { LinkError } from "../../../workers/link/faults";
import { INTERNAL_TOKEN_HEADER } from "../../../workers/link/internal-api";
import { Link } from "../../../workers/link/link";
import { nameProcess, zoneProcess } from "../../../workers/link/placement";
import { PROBE_MS } from "../../../workers/link/remote";
import { encodeWire } from "../../../workers/link/wire";
import type { ReplicaRef } from "../../../workers/replica/protocol";
import { ManualClock } from "../../helpers/manual-clock";
import { createActiveTable, itemOf, link, putItem, REGION, routeOf, S } from "../helpers";

const testEnv = env as unknown as Env;

/** A link in process `self` of two. */
const linkIn = (self: number) => new Link({ ...testEnv, PROCESSES: "2", PROCESS_INDEX: String(self) });

/** The same replica, named in a zone placed in the other process than `self`'s. */
function elsewhere(ref: ReplicaRef, self: number): ReplicaRef {
  const zone = ["a", "b"].map((letter) => `${REGION}${letter}`).find((z) => zoneProcess(z, 2) !== self) as string;
  return { ...ref, zone };
}

describe("calls between processes", () => {
  test("a metadata call through the other process answers what the local stub answers", async () => {
    const { TableName } = await createActiveTable();
    const name = link.catalog(REGION);
    const remote = linkIn(1 - nameProcess(name, 2));
    const [there, here] = await Promise.all([
      remote.metadata(REGION).route(TableName),
      link.metadata(REGION).route(TableName),
    ]);
    expect(there).toEqual(here);
    expect(there.ok).toBe(true);
  });

  test("a replica call through the other process reaches the same object, reads and writes", async () => {
    const { TableName } = await createActiveTable();
    await putItem(TableName, itemOf("k1", { v: S("one") }));
    const { map } = await routeOf(TableName);
    const ref = map.partitions[0].replicas[0];
    const remote = linkIn(0);
    const far = elsewhere(ref, 0);
    expect(zoneProcess(far.zone, 2)).toBe(1);
    expect(await remote.call(far, "digest", [])).toEqual(await link.call(ref, "digest", []));
    expect(await remote.call(far, "status", [])).toEqual(await link.call(ref, "status", []));
  });

  test("what the callee throws comes back as an error, which the link reports delivered", async () => {
    const { TableName } = await createActiveTable();
    const { map } = await routeOf(TableName);
    const far = elsewhere(map.partitions[0].replicas[0], 0);
    const stub = linkIn(0).replica(far) as unknown as { noSuchMethod(): Promise<unknown> };
    await expect(stub.noSuchMethod()).rejects.toThrow(Error);
    const failed = await linkIn(0)
      .call(far, "noSuchMethod" as "digest", [])
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failed).toBeInstanceOf(LinkError);
    expect((failed as LinkError).delivered).toBe(true);
  });

  test("a call to a process that is down fails as processDown: delivered (unknown) at first, then refused unsent, then probed", async () => {
    const { TableName } = await createActiveTable();
    const { map } = await routeOf(TableName);
    const ref = map.partitions[0].replicas[0];
    const clock = new ManualClock();
    const third = new Link({ ...testEnv, PROCESSES: "3", PROCESS_INDEX: "0" }, undefined, { clock });
    const down = { ...ref, zone: `${REGION}c` };
    expect(zoneProcess(down.zone, 3)).toBe(2);
    const failure = () =>
      third.call(down, "status", []).then(
        () => undefined,
        (error: unknown) => error as LinkError,
      );
    // Sent: whether it got there before its process died is unknown.
    expect(await failure()).toMatchObject({ delivered: true, processDown: true });
    // Known down: refused without being sent.
    const refused = await failure();
    expect(refused).toMatchObject({ delivered: false, processDown: true });
    expect(refused?.message).toMatch(/is down/);
    // A probe later: sent again, after the process was found down, so it never got it.
    await clock.advance(PROBE_MS);
    const probed = await failure();
    expect(probed).toMatchObject({ delivered: false, processDown: true });
    expect(probed?.message).toMatch(/did not answer/);
    // The other processes are unaffected.
    expect(await linkIn(0).call(elsewhere(ref, 0), "status", [])).toMatchObject({ name: ref.name });
  });

  test("a call without the internal token, or with another, is refused before it reaches an object", async () => {
    const peer = testEnv.PEER_0 as Fetcher;
    const body = encodeWire({ namespace: "METADATA", name: link.catalog(REGION), method: "route", args: ["x"] });
    for (const headers of [{}, { [INTERNAL_TOKEN_HEADER]: "not-the-token" }] as Record<string, string>[]) {
      const answer = await peer.fetch("http://internal/call", { method: "POST", headers, body });
      expect(answer.status).toBe(403);
      await answer.text();
    }
  });
});
