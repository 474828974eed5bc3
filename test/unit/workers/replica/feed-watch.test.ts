/**
 * The watch a member keeps over its unfed index records (workers/replica/feed-watch.ts): one alarm
 * per period, a leader kicks its feeder, a follower learns its peers' cursors, leaves a live
 * leader alone, and campaigns when there is none.
 */
import { describe, expect, test } from "vitest";
import { FeedWatch, type PeerFeeding } from "../../../../workers/replica/feed-watch";
import { ManualClock } from "../../../helpers/manual-clock";

const PERIOD = 2000;

function member(options: { leading?: boolean; last?: number; fed?: number; peers?: PeerFeeding[] } = {}) {
  const clock = new ManualClock();
  const state = { leading: options.leading ?? false, last: options.last ?? 5, fed: options.fed ?? 2 };
  const calls = { alarms: [] as number[], kicks: 0, campaigns: 0, asked: 0 };
  const peers = options.peers ?? [];
  const watch: FeedWatch = new FeedWatch(
    {
      clock,
      setAlarm: (at) => calls.alarms.push(at),
      behind: () => state.fed < state.last,
      leading: () => state.leading,
      kick: () => calls.kicks++,
      peers: async () => {
        calls.asked++;
        return peers;
      },
      keep: (fed) => {
        state.fed = Math.max(state.fed, fed?.i ?? 0);
      },
      campaign: async () => {
        calls.campaigns++;
        state.leading = true;
      },
    },
    PERIOD,
  );
  return { clock, state, calls, watch };
}

describe("FeedWatch", () => {
  test("sets the alarm once per period however often records appear unfed", () => {
    const { clock, calls, watch } = member();
    watch.watch();
    watch.watch();
    expect(calls.alarms).toEqual([clock.now() + PERIOD]);
  });

  test("an alarm with nothing unfed ends the watch", async () => {
    const { calls, state, watch } = member();
    watch.watch();
    state.fed = state.last;
    await watch.alarm();
    expect(calls).toMatchObject({ alarms: [expect.any(Number)], kicks: 0, campaigns: 0, asked: 0 });
    watch.watch();
    expect(calls.alarms).toHaveLength(2);
  });

  test("a leader kicks its feeder and watches again", async () => {
    const { clock, calls, watch } = member({ leading: true });
    const start = clock.now();
    watch.watch();
    await clock.advance(PERIOD);
    await watch.alarm();
    expect(calls.kicks).toBe(1);
    expect(calls.asked).toBe(0);
    expect(calls.alarms).toEqual([start + PERIOD, start + 2 * PERIOD]);
  });

  test("a follower whose peers know the records fed takes their cursors and stops", async () => {
    const { calls, state, watch } = member({
      peers: [
        { leader: false, fed: { i: 3 } },
        { leader: false, fed: { i: 5 } },
      ],
    });
    await watch.alarm();
    expect(state.fed).toBe(5);
    expect(calls).toMatchObject({ campaigns: 0, alarms: [] });
  });

  test("a follower leaves a live leader to feed and looks again later", async () => {
    const { calls, watch } = member({ peers: [{ leader: true, fed: { i: 3 } }] });
    await watch.alarm();
    expect(calls.campaigns).toBe(0);
    expect(calls.alarms).toHaveLength(1);
  });

  test("a follower with no leader among the peers that answer campaigns, and watches again", async () => {
    const { calls, watch } = member({ peers: [{ leader: false, fed: { i: 3 } }] });
    await watch.alarm();
    expect(calls.campaigns).toBe(1);
    expect(calls.alarms).toHaveLength(1);
    // Elected: the next alarm feeds.
    await watch.alarm();
    expect(calls.kicks).toBe(1);
  });
});
