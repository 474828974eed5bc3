/**
 * Tombstone collection's arithmetic (workers/replication/metadata-home.ts): a region's report from
 * its partitions', and the horizon below which every region has every change.
 */
import { describe, expect, it } from "vitest";
import type { TombstoneReport } from "../../../../workers/replica/protocol";
import { encodeHlc, HLC_ZERO } from "../../../../workers/replication/hlc";
import { mergeReports, tombstoneHorizon } from "../../../../workers/replication/metadata-home";

const ts = (offset: number) => encodeHlc(1_700_000_000_000 + offset, 0);

describe("mergeReports", () => {
  it("takes the lowest clock per region and the oldest tombstone over the partitions", () => {
    expect(
      mergeReports(
        [
          { below: { eu: ts(5), ap: ts(9) }, oldest: `${ts(3)}/eu` },
          { below: { eu: ts(7), ap: ts(2) } },
          { below: { eu: ts(6), ap: ts(8) }, oldest: `${ts(1)}/ap` },
        ],
        ["eu", "ap"],
      ),
    ).toEqual({ below: { eu: ts(5), ap: ts(2) }, oldest: `${ts(1)}/ap` });
  });

  it("holds a region back at zero when some partition names no clock for it (a region it does not ship to yet)", () => {
    expect(mergeReports([{ below: { eu: ts(5) } }, { below: {} }], ["eu"])).toEqual({ below: { eu: HLC_ZERO } });
  });
});

describe("tombstoneHorizon", () => {
  it("is the lowest clock any region reports for any other", () => {
    const reports = new Map<string, TombstoneReport>([
      ["us", { below: { eu: ts(10), ap: ts(12) } }],
      ["eu", { below: { us: ts(11), ap: ts(4) } }],
      ["ap", { below: { us: ts(9), eu: ts(13) } }],
    ]);
    expect(tombstoneHorizon(reports)).toBe(ts(4));
  });

  it("is undefined when a region reports no clock for another", () => {
    const reports = new Map<string, TombstoneReport>([
      ["us", { below: { eu: ts(10) } }],
      ["eu", { below: {} }],
    ]);
    expect(tombstoneHorizon(reports)).toBeUndefined();
  });
});
