/**
 * Keeps a partition's global secondary indexes fed when nothing else would. Only a leader feeds
 * (index-feeder.ts), and leaders are elected on the request path: a leader that crashes with
 * records still to feed, in a partition that then gets no request, would leave its indexes stale
 * until the table is touched; a leader whose feeding gave up (an index unreachable for long) only
 * tries again on its next commit.
 *
 * So every member that holds records an index lacks (its log past the cursors it knows) sets the
 * object's alarm, at most once per period. When it fires and the records are still unfed:
 * - a leader kicks its feeder;
 * - a follower asks its peers: cursors they know that cover its log end the watch (the leader
 *   fed them while the table was idle, and no append told this member); a live leader is left
 *   to feed; with neither, the member campaigns, and the leader it elects feeds.
 * Either way the alarm is set again until the records are fed. The alarm survives the object's
 * eviction and restart, so a crash does not end the watch.
 */
import type { Clock } from "../clock";

/** What a peer says when asked (its `status`): whether it leads, and the cursors it knows. */
export interface PeerFeeding {
  leader: boolean;
  fed?: Record<string, number>;
}

export interface FeedWatchHost {
  readonly clock: Clock;
  /** Sets the object's alarm at `at` (epoch ms). */
  setAlarm(at: number): void;
  /** Whether an index fed now lacks a record this member's log holds. */
  behind(): boolean;
  leading(): boolean;
  /** Starts the leader's feeding (index-feeder.ts `kick`). */
  kick(): void;
  /** The statuses of the peers that answer. */
  peers(): Promise<PeerFeeding[]>;
  /** Keeps cursors a peer knows where they are ahead (index-feeder.ts `keep`). */
  keep(fed: Record<string, number> | undefined): void;
  /** Asks for a leader: this member campaigns (a live one is named, none is elected). */
  campaign(): Promise<unknown>;
}

export class FeedWatch {
  /** When the alarm this member set fires; undefined when none is set. */
  private armedAt: number | undefined;

  constructor(
    private readonly host: FeedWatchHost,
    /** How long after records appear unfed the member looks again. */
    private readonly periodMs: number,
  ) {}

  /** Records may be unfed: sets the alarm unless one is set. */
  watch(): void {
    if (this.armedAt !== undefined) return;
    this.armedAt = this.host.clock.now() + this.periodMs;
    this.host.setAlarm(this.armedAt);
  }

  /** The alarm fired: feeds, lets the leader feed, or asks for one, and watches again while records are unfed. */
  async alarm(): Promise<void> {
    const { host } = this;
    this.armedAt = undefined;
    if (!host.behind()) return;
    try {
      if (host.leading()) {
        host.kick();
        return;
      }
      const peers = await host.peers();
      for (const peer of peers) host.keep(peer.fed);
      if (host.behind() && !peers.some((peer) => peer.leader)) await host.campaign();
    } finally {
      if (host.behind()) this.watch();
    }
  }
}
