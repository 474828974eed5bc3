/**
 * A clock that moves only when the test moves it (workers/clock.ts `Clock`): `advance` runs
 * every call that falls due, in time order, and lets the promises they resolve run (and the
 * runtime's zero-delay timers fire) before the next.
 */
import type { Clock } from "../../workers/clock";

interface Due {
  at: number;
  seq: number;
  fn: () => void;
}

export class ManualClock implements Clock {
  private readonly due: Due[] = [];
  private seq = 0;

  constructor(private time = 1_000_000) {}

  now(): number {
    return this.time;
  }

  later(ms: number, fn: () => void): () => void {
    const entry = { at: this.time + Math.max(0, ms), seq: this.seq++, fn };
    this.due.push(entry);
    return () => {
      const i = this.due.indexOf(entry);
      if (i >= 0) this.due.splice(i, 1);
    };
  }

  /** How many calls wait for their time. */
  get waiting(): number {
    return this.due.length;
  }

  /** Moves time on by `ms`, running what falls due on the way (and settling the promises it resolves). */
  async advance(ms: number): Promise<void> {
    const until = this.time + ms;
    for (;;) {
      await settle();
      this.due.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.due[0];
      if (!next || next.at > until) break;
      this.due.shift();
      this.time = Math.max(this.time, next.at);
      next.fn();
    }
    this.time = until;
    await settle();
  }
}

/**
 * Lets every promise already resolved run its continuations, and the runtime's zero-delay timers
 * fire (code that waits for the thread's queue to drain uses one).
 */
async function settle(): Promise<void> {
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < 20; i++) await Promise.resolve();
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
}
