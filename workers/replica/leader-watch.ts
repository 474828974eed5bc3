/**
 * Makes sure a group that has work waiting on a leader gets one, though no request comes. Leaders
 * are elected on the request path, so an idle group whose leader crashed stays without one, and
 * two kinds of work would wait for the next request:
 * - records a base partition holds that its global secondary indexes lack (only a leader feeds
 *   them: index-feeder.ts); a leader whose feeding gave up (an index unreachable for long) also
 *   tries again only on its next commit;
 * - records a follower holds and does not know committed (a leader tells the commit index in its
 *   next append): it does not apply them, so its eventually consistent reads miss them. A GSI's
 *   groups are written only by feeders, which do not read: their followers would stay behind.
 *
 * So a member holding such records sets the object's alarm, at most once per period. When it
 * fires and they still wait:
 * - a leader kicks its feeder;
 * - a follower that heard from a leader within its lease lets it work;
 * - else it asks its peers, and takes the index cursors they know (the leader may have fed
 *   while the table was idle, with no append to tell this member); if records still wait and no
 *   peer leads, it campaigns, and the leader it elects commits and feeds.
 * The alarm is set again while the records wait: a period later, or further apart each time while
 * no peer answers (the member is cut off) or a live leader leaves it behind. A campaign lost while
 * peers answer and none leads (to the leases they promised a leader that crashed, or to a split
 * vote) is tried again a period later: after many crashes the group must not wait minutes for its
 * next look. It survives the object's eviction and restart, so a crash does not end the watch.
 */
import type { Clock } from "../clock";

/** The longest a member waits between two looks while records keep waiting. */
export const MAX_WAIT_MS = 60_000;

/** What a peer says when asked (its `status`): whether it leads, and the index cursors it knows. */
export interface PeerState {
  leader: boolean;
  fed?: Record<string, number>;
}

export interface LeaderWatchHost {
  readonly clock: Clock;
  /** Sets the object's alarm at `at` (epoch ms). */
  setAlarm(at: number): void;
  /** Whether records wait on a leader: unfed ones, or (on a follower) ones not known committed. */
  waiting(): boolean;
  leading(): boolean;
  /** Whether a leader was heard from within the lease. */
  heardFromLeader(): boolean;
  /** Starts the leader's feeding (index-feeder.ts `kick`). */
  kick(): void;
  /** The states of the peers that answer. */
  peers(): Promise<PeerState[]>;
  /** Keeps index cursors a peer knows where they are ahead (index-feeder.ts `keep`). */
  keep(fed: Record<string, number> | undefined): void;
  /** Asks for a leader: this member campaigns (a live one is named, none is elected). */
  campaign(): Promise<unknown>;
}

export class LeaderWatch {
  /** When the alarm this member set fires; undefined when none is set. */
  private armedAt: number | undefined;
  /** The wait the alarm was last set for. */
  private waitMs: number;

  constructor(
    private readonly host: LeaderWatchHost,
    /** How long after records start waiting the member looks again. */
    private readonly periodMs: number,
  ) {
    this.waitMs = periodMs;
  }

  /** Records may wait (the member just appended or committed some): the alarm a period away at most. */
  note(): void {
    if (!this.host.waiting()) return;
    const at = this.host.clock.now() + this.periodMs;
    if (this.armedAt === undefined || this.armedAt > at) this.set(at, this.periodMs);
  }

  /**
   * The alarm fired: feeds, lets a live leader work, or asks for one; watches again while records
   * wait: a period later, or each time twice as long after (up to MAX_WAIT_MS) until it appends
   * again while no peer answers or a live leader leaves it behind (a follower a live leader
   * stopped shipping to, once unreachable too long, waits for its next write).
   */
  async alarm(): Promise<void> {
    const { host } = this;
    this.armedAt = undefined;
    if (!host.waiting()) return;
    // Whether the next look backs off: only while asking again cannot help.
    let backOff = false;
    try {
      if (host.leading()) {
        host.kick();
        return;
      }
      if (host.heardFromLeader()) return;
      backOff = true;
      const peers = await host.peers();
      for (const peer of peers) host.keep(peer.fed);
      const led = peers.some((peer) => peer.leader);
      backOff = peers.length === 0 || led;
      if (host.waiting() && !led) await host.campaign();
    } finally {
      if (this.armedAt === undefined && host.waiting()) {
        const waitMs = backOff ? Math.min(2 * this.waitMs, MAX_WAIT_MS) : this.periodMs;
        this.set(host.clock.now() + waitMs, waitMs);
      }
    }
  }

  private set(at: number, waitMs: number): void {
    this.armedAt = at;
    this.waitMs = waitMs;
    this.host.setAlarm(at);
  }
}
