import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeHlc, type HlcTimestamp, HybridClock } from "../../../../workers/replication/hlc";
import {
  collectionHorizon,
  decideRemoteChange,
  type IncomingChange,
  incomingWins,
  type LwwDecision,
  type StoredRecord,
  type StoredState,
} from "../../../../workers/replication/last-writer-wins";
import {
  asRegionId,
  compareVersions,
  encodeVersion,
  type ItemVersion,
  type RegionId,
} from "../../../../workers/replication/version";

const T = 1_700_000_000_000;
const US = asRegionId("us-east-1");
const EU = asRegionId("eu-west-1");
const AP = asRegionId("ap-northeast-1");
const REGIONS = [US, EU, AP];

const ts = (offset: number, logical = 0) => encodeHlc(T + offset, logical);
const v = (offset: number, region: RegionId, logical = 0): ItemVersion => ({ ts: ts(offset, logical), region });
const put = (version: ItemVersion, item = "new"): IncomingChange<string> => ({ kind: "put", version, item });
const del = (version: ItemVersion): IncomingChange<string> => ({ kind: "delete", version });
const item = (version: ItemVersion): StoredState => ({ version, tombstone: false });
const tombstone = (version: ItemVersion): StoredState => ({ version, tombstone: true });

describe("decideRemoteChange", () => {
  it.each<[string, StoredState | undefined, IncomingChange<string>, LwwDecision<string>]>([
    [
      "a put for a key never seen applies",
      undefined,
      put(v(0, EU)),
      { action: "apply", store: { tombstone: false, version: v(0, EU), item: "new" } },
    ],
    [
      "a delete for a key never seen still leaves a tombstone",
      undefined,
      del(v(0, EU)),
      { action: "apply", store: { tombstone: true, version: v(0, EU) } },
    ],
    [
      "a put over an item written before the table became global (no version) applies",
      { tombstone: false },
      put(v(0, EU)),
      { action: "apply", store: { tombstone: false, version: v(0, EU), item: "new" } },
    ],
    [
      "a newer put replaces an older item",
      item(v(0, US)),
      put(v(1, EU)),
      { action: "apply", store: { tombstone: false, version: v(1, EU), item: "new" } },
    ],
    ["an older put loses to a newer item", item(v(1, US)), put(v(0, EU)), { action: "skip" }],
    ["the same put delivered again is skipped", item(v(1, EU)), put(v(1, EU)), { action: "skip" }],
    ["the same delete delivered again is skipped", tombstone(v(1, EU)), del(v(1, EU)), { action: "skip" }],
    [
      "same millisecond: the larger counter wins",
      item(v(1, US, 3)),
      put(v(1, AP, 4)),
      { action: "apply", store: { tombstone: false, version: v(1, AP, 4), item: "new" } },
    ],
    [
      "equal timestamps: the larger region id wins",
      item(v(1, EU)),
      put(v(1, US)),
      { action: "apply", store: { tombstone: false, version: v(1, US), item: "new" } },
    ],
    ["equal timestamps: the smaller region id loses", item(v(1, US)), put(v(1, EU)), { action: "skip" }],
    [
      "delete vs update: a newer delete replaces an item with a tombstone",
      item(v(0, US)),
      del(v(1, EU)),
      { action: "apply", store: { tombstone: true, version: v(1, EU) } },
    ],
    ["delete vs update: an older delete loses to a newer item", item(v(1, US)), del(v(0, EU)), { action: "skip" }],
    [
      "delete vs update: a newer put resurrects a deleted key",
      tombstone(v(0, US)),
      put(v(1, EU)),
      { action: "apply", store: { tombstone: false, version: v(1, EU), item: "new" } },
    ],
    ["delete vs update: an older put loses to the tombstone", tombstone(v(1, US)), put(v(0, EU)), { action: "skip" }],
    [
      "a newer delete replaces an older tombstone's version",
      tombstone(v(0, US)),
      del(v(1, EU)),
      { action: "apply", store: { tombstone: true, version: v(1, EU) } },
    ],
  ])("decideRemoteChange: %s", (_name, stored, change, expected) => {
    expect(decideRemoteChange(stored, change)).toEqual(expected);
    expect(incomingWins(stored, change.version)).toBe(expected.action === "apply");
  });
});

describe("collectionHorizon", () => {
  it.each<[string, Partial<Record<RegionId, HlcTimestamp>>, RegionId[], HlcTimestamp | undefined]>([
    [
      "every region has a watermark: the horizon is the lowest",
      { [US]: ts(9), [EU]: ts(10), [AP]: ts(12) },
      REGIONS,
      ts(9),
    ],
    ["the lowest watermark decides", { [US]: ts(20), [EU]: ts(5), [AP]: ts(20) }, REGIONS, ts(5)],
    ["the logical part counts", { [US]: ts(5, 1), [EU]: ts(5, 2), [AP]: ts(6) }, REGIONS, ts(5, 1)],
    ["a replica region without a watermark leaves none", { [US]: ts(20), [EU]: ts(20) }, REGIONS, undefined],
    [
      "watermarks of regions that are not replicas are ignored",
      { [US]: ts(20), [EU]: ts(20), [AP]: ts(0) },
      [US, EU],
      ts(20),
    ],
    ["no replica regions leave none", { [US]: ts(20) }, [], undefined],
  ])("%s", (_name, passed, regions, horizon) => {
    expect(collectionHorizon(passed, regions)).toBe(horizon);
  });
});

// ---------------------------------------------------------------------------------------------
// Convergence: a model of regions that store per key what decideRemoteChange tells them to.

type Store = Map<string, StoredRecord<number>>;
interface Keyed {
  key: string;
  change: IncomingChange<number>;
}

function applyTo(store: Store, { key, change }: Keyed): void {
  const decision = decideRemoteChange(store.get(key), change);
  if (decision.action === "apply") store.set(key, decision.store);
}

function winners(changes: Keyed[]): Store {
  const result: Store = new Map();
  for (const { key, change } of changes) {
    const current = result.get(key);
    if (current === undefined || compareVersions(change.version, current.version) > 0) {
      result.set(
        key,
        change.kind === "put"
          ? { tombstone: false, version: change.version, item: change.item }
          : { tombstone: true, version: change.version },
      );
    }
  }
  return result;
}

const sorted = (store: Store) => [...store.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** Concurrent changes to few keys at nearby times, so equal timestamps and delete-vs-update races are common. */
const concurrentChanges = fc
  .uniqueArray(
    fc.record({
      key: fc.constantFrom("a", "b", "c"),
      kind: fc.constantFrom("put" as const, "delete" as const),
      offset: fc.integer({ min: 0, max: 3 }),
      logical: fc.integer({ min: 0, max: 1 }),
      region: fc.constantFrom(...REGIONS),
    }),
    // A version identifies one change: a region's clock never issues a timestamp twice.
    { selector: (c) => `${c.key} ${c.offset} ${c.logical} ${c.region}`, minLength: 1, maxLength: 24 },
  )
  .map((raw) =>
    raw.map(({ key, kind, offset, logical, region }, i): Keyed => {
      const version = v(offset, region, logical);
      return { key, change: kind === "put" ? { kind, version, item: i } : { kind, version } };
    }),
  );

/** Every index of `n` in a random order, plus random duplicates at random positions. */
const deliveryOrder = (n: number) =>
  fc
    .tuple(
      fc.shuffledSubarray(
        Array.from({ length: n }, (_, i) => i),
        { minLength: n, maxLength: n },
      ),
      fc.array(fc.tuple(fc.nat({ max: n - 1 }), fc.nat()), { maxLength: n }),
    )
    .map(([order, duplicates]) => {
      const result = [...order];
      for (const [index, position] of duplicates) result.splice(position % (result.length + 1), 0, index);
      return result;
    });

describe("last-writer-wins: convergence", () => {
  it("three regions applying the same changes in different orders, with duplicates, converge to the greatest version per key", () => {
    fc.assert(
      fc.property(
        concurrentChanges.chain((changes) =>
          fc.tuple(fc.constant(changes), fc.tuple(...REGIONS.map(() => deliveryOrder(changes.length)))),
        ),
        ([changes, orders]) => {
          const stores = orders.map((order) => {
            const store: Store = new Map();
            for (const i of order) applyTo(store, changes[i]);
            return sorted(store);
          });
          const expected = sorted(winners(changes));
          for (const store of stores) expect(store).toEqual(expected);
        },
      ),
    );
  });

  it("after collecting tombstones below the horizon as replicas do (version < horizon), redelivering the newer changes keeps regions converged", () => {
    fc.assert(
      fc.property(
        concurrentChanges.chain((changes) =>
          fc.tuple(
            fc.constant(changes),
            fc.integer({ min: -1, max: 4 }),
            fc.tuple(...REGIONS.map(() => deliveryOrder(changes.length))),
          ),
        ),
        ([changes, horizonOffset, orders]) => {
          const horizon = horizonOffset < 0 ? encodeHlc(0, 0) : ts(horizonOffset, 1);
          const passed = Object.fromEntries(REGIONS.map((r) => [r, horizon]));
          const below = collectionHorizon(passed, REGIONS)!;
          const collected = (r: StoredRecord<number>) => r.tombstone && encodeVersion(r.version) < below;
          const stores = orders.map((order) => {
            const store: Store = new Map();
            for (const i of order) applyTo(store, changes[i]);
            for (const [key, r] of [...store]) if (collected(r)) store.delete(key);
            // The watermark contract: only changes above the horizon can still arrive.
            for (const i of order) if (changes[i].change.version.ts > horizon) applyTo(store, changes[i]);
            return sorted(store);
          });
          const expected = sorted(winners(changes)).filter(([, r]) => !collected(r));
          for (const store of stores) expect(store).toEqual(expected);
        },
      ),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Simulation: regions with skewed, jumping wall clocks write locally (versions from their HLC),
// ship every write to the others at least once, and apply what they receive through LWW.

type SimStep =
  | { op: "write"; region: number; key: string; kind: "put" | "delete" }
  | { op: "deliver"; pick: number; keep: boolean }
  | { op: "time"; region: number; jump: number };

const simStep: fc.Arbitrary<SimStep> = fc.oneof(
  fc.record({
    op: fc.constant("write" as const),
    region: fc.nat({ max: 2 }),
    key: fc.constantFrom("a", "b"),
    kind: fc.constantFrom("put" as const, "delete" as const),
  }),
  fc.record({ op: fc.constant("deliver" as const), pick: fc.nat(), keep: fc.boolean() }),
  fc.record({ op: fc.constant("time" as const), region: fc.nat({ max: 2 }), jump: fc.integer({ min: -50, max: 50 }) }),
);

describe("last-writer-wins: simulation with hybrid logical clocks", () => {
  it("local writes always win locally, and all regions converge once every shipment is delivered", () => {
    fc.assert(
      fc.property(
        fc.tuple(...REGIONS.map(() => fc.integer({ min: -100, max: 100 }))),
        fc.array(simStep, { maxLength: 120 }),
        (skews, steps) => {
          const wall = skews.map((skew) => T + skew);
          const regions = REGIONS.map((id, r) => ({
            id,
            clock: new HybridClock(() => wall[r]),
            store: new Map() as Store,
          }));
          const inflight: { to: number; shipment: Keyed }[] = [];
          const written: Keyed[] = [];
          let nextItem = 0;

          const deliver = (index: number, keep: boolean) => {
            const { to, shipment } = inflight[index];
            if (!keep) inflight.splice(index, 1);
            regions[to].clock.receive(shipment.change.version.ts);
            applyTo(regions[to].store, shipment);
          };

          for (const step of steps) {
            if (step.op === "time") {
              wall[step.region] = Math.max(0, wall[step.region] + step.jump);
            } else if (step.op === "deliver") {
              if (inflight.length > 0) deliver(step.pick % inflight.length, step.keep);
            } else {
              const region = regions[step.region];
              const version: ItemVersion = { ts: region.clock.tick(), region: region.id };
              expect(incomingWins(region.store.get(step.key), version)).toBe(true);
              const shipment: Keyed = {
                key: step.key,
                change: step.kind === "put" ? { kind: "put", version, item: nextItem++ } : { kind: "delete", version },
              };
              applyTo(region.store, shipment);
              written.push(shipment);
              regions.forEach((_, to) => {
                if (to !== step.region) inflight.push({ to, shipment });
              });
            }
          }
          while (inflight.length > 0) deliver(0, false);

          expect(new Set(written.map((w) => `${w.key} ${encodeVersion(w.change.version)}`)).size).toBe(written.length);
          const expected = sorted(winners(written));
          for (const region of regions) expect(sorted(region.store)).toEqual(expected);
        },
      ),
    );
  });
});
