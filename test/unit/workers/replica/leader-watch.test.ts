/**
 * The watch a member keeps over records that wait on a leader (workers/replica/leader-watch.ts):
 * one alarm per period, a leader kicks its feeder, a follower lets a leader it heard from work,
 * learns its peers' cursors, leaves a live leader alone, and campaigns when there is none.
 */
import { describe, expect, test } from "vitest";
import { LeaderWatch, MAX_WAIT_MS, type PeerState } from "../../../../workers/replica/leader-watch";
import { ManualClock } from "../../../helpers/manual-clock";

const PERIOD = 2000;

/** `wins`: whether its campaigns win (the default) or are lost. */
function member(options: { leading?: boolean; heard?: boolean; peers?: PeerState[]; wins?: boolean } = {}) {
  const clock = new ManualClock();
  const state = { leading: options.leading ?? false, heard: options.heard ?? false, last: 5, fed: 2 };
  const calls = { alarms: [] as number[], kicks: 0, campaigns: 0, asked: 0 };
  const peers = options.peers ?? [];
  const watch = new LeaderWatch(
    {
      clock,
      setAlarm: (at) => calls.alarms.push(at),
      waiting: () => state.fed < state.last,
      leading: () => state.leading,
      heardFromLeader: () => state.heard,
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
        state.leading = options.wins ?? true;
      },
    },
    PERIOD,
  );
  return { clock, state, calls, watch };
}

/** Lets the alarm fire `n` times, each when it was set for. At exit: how long each look set the next one away. */
async function looks({ clock, calls, watch }: ReturnType<typeof member>, n: number): Promise<number[]> {
  const waits: number[] = [];
  for (let i = 0; i < n; i++) {
    await watch.alarm();
    const at = calls.alarms[calls.alarms.length - 1];
    waits.push(at - clock.now());
    await clock.advance(at - clock.now());
  }
  return waits;
}

describe("LeaderWatch", () => {
  test("sets the alarm once per period however often records wait, and not when none does", () => {
    const { clock, calls, state, watch } = member();
    watch.note();
    watch.note();
    expect(calls.alarms).toEqual([clock.now() + PERIOD]);
    const idle = member();
    idle.state.fed = idle.state.last;
    idle.watch.note();
    expect(idle.calls.alarms).toEqual([]);
    expect(state.fed).toBe(2);
  });

  test("an alarm with nothing waiting ends the watch", async () => {
    const { calls, state, watch } = member();
    watch.note();
    state.fed = state.last;
    await watch.alarm();
    expect(calls).toMatchObject({ alarms: [expect.any(Number)], kicks: 0, campaigns: 0, asked: 0 });
  });

  test("a leader kicks its feeder and watches again", async () => {
    const { clock, calls, watch } = member({ leading: true });
    const start = clock.now();
    watch.note();
    await clock.advance(PERIOD);
    await watch.alarm();
    expect(calls.kicks).toBe(1);
    expect(calls.asked).toBe(0);
    expect(calls.alarms).toEqual([start + PERIOD, start + 2 * PERIOD]);
  });

  test("looks further apart while nothing changes, up to a bound, and a period away again once the member appends", async () => {
    const { clock, calls, watch } = member({ peers: [{ leader: true }] });
    const waits: number[] = [];
    watch.note();
    for (let i = 0; i < 8; i++) {
      const at = calls.alarms[calls.alarms.length - 1];
      waits.push(at - clock.now());
      await clock.advance(at - clock.now());
      await watch.alarm();
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 30, 30, 30].map((n) => n * PERIOD));
    expect(30 * PERIOD).toBe(MAX_WAIT_MS);
    // An append: the next look is a period away again.
    watch.note();
    expect(calls.alarms[calls.alarms.length - 1]).toBe(clock.now() + PERIOD);
  });

  test("a follower that heard from a leader within its lease asks no one and looks again a period later", async () => {
    const { clock, calls, watch } = member({ heard: true });
    await watch.alarm();
    expect(calls).toMatchObject({ asked: 0, campaigns: 0, alarms: [clock.now() + PERIOD] });
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

  test("a follower leaves a live leader to work and looks again later", async () => {
    const { calls, watch } = member({ peers: [{ leader: true, fed: { i: 3 } }] });
    await watch.alarm();
    expect(calls.campaigns).toBe(0);
    expect(calls.alarms).toHaveLength(1);
  });

  test("a campaign lost while peers answer and none leads is tried again a period later, however often it loses", async () => {
    // The peers refuse their votes (say they promised a crashed leader its lease).
    const watched = member({ peers: [{ leader: false }, { leader: false }], wins: false });
    expect(await looks(watched, 6)).toEqual(Array(6).fill(PERIOD));
    expect(watched.calls.campaigns).toBe(6);
  });

  test("a follower no peer answers looks further apart each time", async () => {
    expect(await looks(member({ peers: [], wins: false }), 4)).toEqual([2, 4, 8, 16].map((n) => n * PERIOD));
  });

  test("a follower with no leader among the peers that answer campaigns, and watches again", async () => {
    const { calls, watch } = member({ peers: [{ leader: false }] });
    await watch.alarm();
    expect(calls.campaigns).toBe(1);
    expect(calls.alarms).toHaveLength(1);
    // Elected: the next alarm feeds.
    await watch.alarm();
    expect(calls.kicks).toBe(1);
  });
});
