/**
 * Linearizability checker for per-key register histories, to judge what randomized fault-injection
 * tests record. Wing & Gong's search with Porcupine's memoization of (linearized set, state).
 *
 * Model: one register per key holding `string | undefined` (undefined = item absent). Keys are
 * checked independently (P-compositionality: a history is linearizable iff each key's is).
 * Real-time order: A precedes B iff A.ret < B.call; equal timestamps count as concurrent.
 * An entry with `ret === undefined` has an unknown outcome (timeout, 5xx, dropped connection): it
 * may take effect at any point after its call, or never, and its output is unconstrained. Reads
 * with an unknown outcome constrain nothing and are dropped.
 *
 * @see https://github.com/anishathalye/porcupine (the search; Lowe, "Testing for linearizability", 2017)
 */

export type RegisterOp =
  | { kind: "put"; value: string }
  /** Applies iff current === expected (`expected: undefined` = attribute_not_exists); `value: undefined` deletes. */
  | { kind: "cas"; expected: string | undefined; value: string | undefined }
  | { kind: "read" }
  | { kind: "delete" };

/** `{ ok }` for a cas (ok=false: ConditionalCheckFailedException), `{ value }` for a strong read. */
export type RegisterOutput = { ok: boolean } | { value: string | undefined };

export interface HistoryEntry {
  key: string;
  client: number;
  call: number;
  /** undefined: the outcome is unknown; otherwise ret >= call. */
  ret: number | undefined;
  op: RegisterOp;
  /** Required for a read or cas with a known outcome; ignored otherwise. */
  output?: RegisterOutput;
}

export interface CheckOptions {
  /** The value each key holds before the history; default absent. */
  initial?: (key: string) => string | undefined;
  /** Search steps allowed per key before giving up with `unknown`; default 2,000,000. */
  maxSteps?: number;
}

export interface CheckResult {
  /** True iff every key was found linearizable; false on a violation or an abandoned search. */
  ok: boolean;
  keys: number;
  /**
   * The first key found not linearizable: its entries sorted by call (unknown reads dropped), and
   * the longest linearizable prefix the search found, in linearization order.
   */
  failure?: { key: string; entries: HistoryEntry[]; longestPrefix: HistoryEntry[] };
  /** True when the search for some key was abandoned past the budget (`unknownKeys` names them). */
  unknown?: boolean;
  unknownKeys?: string[];
}

const ABSENT = 0;
const INVALID = -1;
const NONE = -1;

/** An entry compiled for the search: values are interned to small integers (ABSENT = undefined). */
interface Op {
  entry: HistoryEntry;
  known: boolean;
  kind: RegisterOp["kind"];
  /** put/cas/delete: the value written. */
  write: number;
  /** cas: the expected value; read: the value returned; otherwise NONE. Both "observe" that value. */
  expected: number;
  ok: boolean;
  /** Known, and never changes the state: a read, a failed cas, a cas writing what it expects. */
  pure: boolean;
}

/** A call or return event in Porcupine's doubly linked event list; `match` links a call to its return. */
interface EventNode {
  op: number;
  call: boolean;
  match: EventNode | undefined;
  prev: EventNode | undefined;
  next: EventNode | undefined;
}

export function checkLinearizable(history: HistoryEntry[], options: CheckOptions = {}): CheckResult {
  const byKey = new Map<string, HistoryEntry[]>();
  for (const entry of history) {
    validate(entry);
    if (entry.op.kind === "read" && entry.ret === undefined) continue;
    const list = byKey.get(entry.key) ?? [];
    list.push(entry);
    byKey.set(entry.key, list);
  }
  const result: CheckResult = { ok: true, keys: byKey.size };
  const unknownKeys: string[] = [];
  for (const [key, entries] of byKey) {
    entries.sort((a, b) => a.call - b.call);
    const ops = compile(entries, options.initial?.(key));
    const verdict = search(ops.list, ops.initial, ops.values, options.maxSteps ?? 2_000_000);
    if (verdict.result === "unknown") unknownKeys.push(key);
    if (verdict.result === "fail") {
      result.failure = { key, entries, longestPrefix: verdict.longest.map((i) => ops.list[i].entry) };
      break;
    }
  }
  if (result.failure || unknownKeys.length > 0) result.ok = false;
  if (unknownKeys.length > 0) Object.assign(result, { unknown: true, unknownKeys });
  return result;
}

function validate(entry: HistoryEntry): void {
  const where = `history entry for key ${JSON.stringify(entry.key)} called at ${entry.call}`;
  if (!Number.isFinite(entry.call)) throw new Error(`${where}: call is not a finite number`);
  if (entry.ret === undefined) return;
  if (!(entry.ret >= entry.call)) throw new Error(`${where}: ret ${entry.ret} is not a time at or after its call`);
  if (entry.op.kind === "read" && !(entry.output && "value" in entry.output)) {
    throw new Error(`${where}: a read with a known outcome needs output { value }`);
  }
  if (entry.op.kind === "cas" && !(entry.output && "ok" in entry.output)) {
    throw new Error(`${where}: a cas with a known outcome needs output { ok }`);
  }
}

/** Compiles one key's entries; values are interned to 0..values-1 (ABSENT = undefined). */
function compile(entries: HistoryEntry[], initialValue: string | undefined) {
  const ids = new Map<string, number>();
  const intern = (value: string | undefined) => {
    if (value === undefined) return ABSENT;
    const id = ids.get(value) ?? ids.size + 1;
    ids.set(value, id);
    return id;
  };
  const list = entries.map((entry): Op => {
    const op = entry.op;
    const output = entry.output as { ok?: boolean; value?: string } | undefined;
    const known = entry.ret !== undefined;
    const ok = output?.ok === true;
    const expected = op.kind === "cas" ? intern(op.expected) : op.kind === "read" ? intern(output?.value) : NONE;
    return {
      entry,
      known,
      kind: op.kind,
      write: op.kind === "put" || op.kind === "cas" ? intern(op.value) : ABSENT,
      expected,
      ok,
      pure: known && (op.kind === "read" || (op.kind === "cas" && (!ok || op.expected === op.value))),
    };
  });
  return { list, initial: intern(initialValue), values: ids.size + 1 };
}

/** The state after `op` linearizes in `state`, or INVALID if its output contradicts `state`. */
function step(op: Op, state: number): number {
  if (op.known) {
    switch (op.kind) {
      case "put":
      case "delete":
        return op.write;
      case "read":
        return state === op.expected ? state : INVALID;
      case "cas":
        if (op.ok) return state === op.expected ? op.write : INVALID;
        return state !== op.expected ? state : INVALID;
    }
  }
  // An unknown op is tried only where it changes the state: taking effect as a no-op is the same
  // as never taking effect, which the search already allows.
  const next = op.kind === "cas" && state !== op.expected ? state : op.write;
  return next !== state ? next : INVALID;
}

type Verdict = { result: "ok" | "fail" | "unknown"; longest: number[] };

/**
 * Porcupine's depth-first search over one key. Walks the event list: at a call, tries to linearize
 * that op now (lifting its call and return out of the list); at a return, the op was not linearized
 * in time, so it backtracks. Unknown ops have no return event; the search succeeds once every known
 * op is linearized, leaving the rest to take effect after everything or never.
 *
 * Two reductions keep concurrency and timeouts from multiplying the search; each only skips
 * orders when an equivalent one is still explored:
 * - A pure op (one that never changes the state) enabled and valid in a configuration is
 *   linearized at once, without branching: a linearization placing it later stays valid with it
 *   moved here, as every op that must precede it is already linearized. So when that configuration
 *   fails, its parent fails too.
 * - An unknown write, until the next write, can only matter to an op observing its value (a read
 *   returning it, a cas expecting it) or to a known failed cas expecting the value it hides. Moved
 *   later to just before the first such op (or dropped if there is none), a linearization stays
 *   valid. So it is tried only when such an op is enabled.
 */
function search(ops: Op[], initial: number, values: number, maxSteps: number): Verdict {
  const head = eventList(ops);
  const bits = new Uint32Array((ops.length + 31) >>> 5);
  const cache = new Map<number, { bits: Uint32Array; state: number }[]>();
  const enabled = new EnabledObservers(values);
  const stack: { node: EventNode; state: number; forced: boolean }[] = [];
  let longest: number[] = [];
  let remaining = ops.filter((op) => op.known).length;
  let state = initial;
  let node = head.next;
  /** Whether the current configuration is yet to be checked for an enabled, valid pure op. */
  let fresh = true;
  for (let steps = 0; remaining > 0; steps++) {
    if (steps >= maxSteps) return { result: "unknown", longest };
    const pure = fresh ? enabledPure(head, ops, state) : undefined;
    fresh = false;
    if (pure) node = pure;
    if (node?.call) {
      const op = ops[node.op];
      let next = step(op, state);
      if (next !== INVALID && !op.known && !enabled.wantChange(head, ops, state, op.write)) next = INVALID;
      if (next !== INVALID) {
        bits[node.op >>> 5] |= 1 << (node.op & 31);
        if (remember(cache, bits, next)) {
          stack.push({ node, state, forced: pure !== undefined });
          if (op.known) remaining--;
          enabled.invalidate();
          state = next;
          lift(node);
          if (stack.length > longest.length) longest = stack.map((frame) => frame.node.op);
          node = head.next;
          fresh = true;
          continue;
        }
        bits[node.op >>> 5] &= ~(1 << (node.op & 31));
      }
      if (!pure) {
        node = node.next;
        continue;
      }
    }
    // A return was reached before its op could be linearized, or a forced op led to an explored
    // configuration: this configuration fails, so undo the last choice.
    let top: (typeof stack)[number] | undefined;
    do {
      top = stack.pop();
      if (top === undefined) return { result: "fail", longest };
      const op = ops[top.node.op];
      bits[top.node.op >>> 5] &= ~(1 << (top.node.op & 31));
      if (op.known) remaining++;
      state = top.state;
      unlift(top.node);
    } while (top.forced);
    enabled.invalidate();
    node = top.node.next;
  }
  return { result: "ok", longest };
}

/** The first enabled call (one before any pending return) of a pure op valid in `state`. */
function enabledPure(head: EventNode, ops: Op[], state: number): EventNode | undefined {
  for (let node = head.next; node?.call; node = node.next) {
    if (ops[node.op].pure && step(ops[node.op], state) !== INVALID) return node;
  }
  return undefined;
}

/** What the enabled ops of the current configuration observe, scanned once per configuration. */
class EnabledObservers {
  #marks: Uint32Array;
  #epoch = 0;
  #scanned = false;
  #hidesCurrent = false;

  constructor(values: number) {
    this.#marks = new Uint32Array(values);
  }

  /** Call whenever the configuration changes. */
  invalidate(): void {
    this.#scanned = false;
  }

  /** Whether an enabled op observes `value`, or an enabled known failed cas expects `state`. */
  wantChange(head: EventNode, ops: Op[], state: number, value: number): boolean {
    if (!this.#scanned) {
      this.#epoch++;
      this.#hidesCurrent = false;
      for (let node = head.next; node?.call; node = node.next) {
        const op = ops[node.op];
        if (op.expected !== NONE) this.#marks[op.expected] = this.#epoch;
        if (op.known && op.kind === "cas" && !op.ok && op.expected === state) this.#hidesCurrent = true;
      }
      this.#scanned = true;
    }
    return this.#hidesCurrent || this.#marks[value] === this.#epoch;
  }
}

/** Builds the event list behind a sentinel head: by time, calls before returns at equal times. */
function eventList(ops: Op[]): EventNode {
  const events: { time: number; node: EventNode }[] = [];
  ops.forEach((op, i) => {
    const ret = op.known ? { op: i, call: false, match: undefined, prev: undefined, next: undefined } : undefined;
    events.push({ time: op.entry.call, node: { op: i, call: true, match: ret, prev: undefined, next: undefined } });
    if (ret) events.push({ time: op.entry.ret!, node: ret });
  });
  events.sort((a, b) => a.time - b.time || Number(b.node.call) - Number(a.node.call) || a.node.op - b.node.op);
  const head: EventNode = { op: -1, call: false, match: undefined, prev: undefined, next: undefined };
  let last = head;
  for (const { node } of events) {
    node.prev = last;
    last.next = node;
    last = node;
  }
  return head;
}

function lift(call: EventNode): void {
  for (const node of call.match ? [call, call.match] : [call]) {
    node.prev!.next = node.next;
    if (node.next) node.next.prev = node.prev;
  }
}

function unlift(call: EventNode): void {
  for (const node of call.match ? [call.match, call] : [call]) {
    node.prev!.next = node;
    if (node.next) node.next.prev = node;
  }
}

/** Adds (bits, state) to the cache; false if it was there already (that subtree is explored). */
function remember(cache: Map<number, { bits: Uint32Array; state: number }[]>, bits: Uint32Array, state: number) {
  let hash = Math.imul(state + 1, 0x9e3779b1);
  for (const word of bits) hash = Math.imul(hash ^ word, 0x01000193);
  const bucket = cache.get(hash);
  if (bucket === undefined) {
    cache.set(hash, [{ bits: bits.slice(), state }]);
    return true;
  }
  if (bucket.some((seen) => seen.state === state && seen.bits.every((word, i) => word === bits[i]))) return false;
  bucket.push({ bits: bits.slice(), state });
  return true;
}

/** A readable account of a result, for test failure messages. */
export function formatFailure(result: CheckResult, maxLines = 25): string {
  const lines: string[] = [];
  if (result.ok) lines.push(`linearizable: ${result.keys} key(s) checked`);
  if (result.failure) {
    const { key, entries, longestPrefix } = result.failure;
    const inPrefix = new Set(longestPrefix);
    const rest = entries.filter((entry) => !inPrefix.has(entry));
    lines.push(
      `key ${JSON.stringify(key)} is not linearizable: ${entries.length} ops, longest linearizable prefix ${longestPrefix.length}`,
      `end of the longest linearizable prefix, in linearization order (last ${Math.min(maxLines, longestPrefix.length)}):`,
      ...longestPrefix.slice(-maxLines).map(describeEntry),
      `ops outside it, by call time (first ${Math.min(maxLines, rest.length)} of ${rest.length}):`,
      ...rest.slice(0, maxLines).map(describeEntry),
    );
  }
  if (result.unknown) {
    lines.push(`inconclusive: the search exceeded maxSteps for key(s) ${JSON.stringify(result.unknownKeys ?? [])}`);
  }
  return lines.join("\n");
}

function describeEntry(entry: HistoryEntry): string {
  const show = (value: string | undefined) => (value === undefined ? "absent" : JSON.stringify(value));
  const time = (t: number) => (Number.isInteger(t) ? String(t) : t.toFixed(3));
  const output = entry.output as { ok?: boolean; value?: string } | undefined;
  const known = entry.ret !== undefined;
  const op = entry.op;
  const text =
    op.kind === "put"
      ? `put ${show(op.value)}`
      : op.kind === "delete"
        ? "delete"
        : op.kind === "read"
          ? `read -> ${show(output?.value)}`
          : `cas ${show(op.expected)} -> ${show(op.value)}: ${known ? (output?.ok ? "ok" : "failed") : "outcome unknown"}`;
  const unknown = known || op.kind === "cas" ? "" : " (outcome unknown)";
  return `  [${time(entry.call)}, ${known ? time(entry.ret!) : "?"}] client ${entry.client}: ${text}${unknown}`;
}
