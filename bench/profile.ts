/**
 * V8 CPU profiles of a workerd target during a wrk run (`--profile`): where its one thread's
 * time goes, by function. workerd serves the V8 inspector when started with `--inspector-addr`;
 * `/json/list` names one inspector target per Worker (a Worker and its Durable Objects share an
 * isolate), and the DevTools protocol's Profiler samples it.
 *
 * Sampling costs the thread time itself, so a profiled run is an extra run: no measured figure
 * comes from it.
 */
import { createServer } from "node:net";

/** The DevTools protocol's `Profiler.Profile`, as far as the summary reads it. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  /** The node sampled at each tick. */
  samples: number[];
  startTime: number;
  endTime: number;
}

export interface ProfiledWorker {
  /** The inspector's title for the Worker (its service name). */
  title: string;
  profile: CpuProfile;
}

/** A local address no process listens on right now, for workerd's inspector. */
export function freeAddress(): Promise<string> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(`127.0.0.1:${address.port}`) : reject(new Error("no port")),
      );
    });
  });
}

/** One DevTools protocol connection; `call` sends a command and resolves with its result. */
async function connect(
  url: string,
): Promise<{ call(method: string, params?: object): Promise<unknown>; close(): void }> {
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener("open", () => resolve());
    socket.addEventListener("error", () => reject(new Error(`cannot connect to the inspector at ${url}`)));
  });
  const pending = new Map<number, { resolve(result: unknown): void; reject(error: Error): void }>();
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
    const waiter = message.id === undefined ? undefined : pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id as number);
    if (message.error) waiter.reject(new Error(message.error.message));
    else waiter.resolve(message.result);
  });
  let id = 0;
  return {
    call: (method, params = {}) =>
      new Promise((resolve, reject) => {
        pending.set(++id, { resolve, reject });
        socket.send(JSON.stringify({ id, method, params }));
      }),
    close: () => socket.close(),
  };
}

/**
 * Runs `run` with every Worker behind the inspector at `address` being profiled (sampling every
 * `intervalUs` µs). At exit: `run`'s result and one profile per Worker.
 */
export async function profileDuring<T>(
  address: string,
  run: () => Promise<T>,
  intervalUs = 200,
): Promise<{ result: T; profiles: ProfiledWorker[] }> {
  const listed = (await (await fetch(`http://${address}/json/list`)).json()) as {
    title?: string;
    webSocketDebuggerUrl: string;
  }[];
  const sessions = await Promise.all(
    listed.map(async (target) => ({
      title: target.title ?? "worker",
      ...(await connect(target.webSocketDebuggerUrl)),
    })),
  );
  try {
    for (const session of sessions) {
      await session.call("Profiler.enable");
      await session.call("Profiler.setSamplingInterval", { interval: intervalUs });
      await session.call("Profiler.start");
    }
    const result = await run();
    const profiles: ProfiledWorker[] = [];
    for (const session of sessions) {
      const { profile } = (await session.call("Profiler.stop")) as { profile: CpuProfile };
      profiles.push({ title: session.title, profile });
    }
    return { result, profiles };
  } finally {
    for (const session of sessions) session.close();
  }
}

export interface ProfileLine {
  /** `name file:line`, or V8's pseudo-frames: `(program)`, `(garbage collector)`, `(idle)`. */
  frame: string;
  /** Share of the samples in which it was the running function. */
  self: number;
  /** Share of the samples in which it was on the stack. */
  total: number;
}

export interface ProfileSummary {
  samples: number;
  /** Share of the samples in which the thread was idle. */
  idle: number;
  /** Every frame, by self share, largest first. */
  lines: ProfileLine[];
}

function frameOf(callFrame: CpuProfile["nodes"][number]["callFrame"]): string {
  const name = callFrame.functionName || "(anonymous)";
  if (!callFrame.url) return name;
  return `${name} ${callFrame.url.slice(callFrame.url.lastIndexOf("/") + 1)}:${callFrame.lineNumber + 1}`;
}

/** Self and total shares per frame: a recursive frame counts once per sample in its total. */
export function summarizeProfile(profile: CpuProfile): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const ticks = new Map<number, number>();
  for (const id of profile.samples) ticks.set(id, (ticks.get(id) ?? 0) + 1);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const [id, count] of ticks) {
    const node = byId.get(id);
    if (!node) continue;
    const frame = frameOf(node.callFrame);
    self.set(frame, (self.get(frame) ?? 0) + count);
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const ancestor = byId.get(at);
      if (ancestor && ancestor.callFrame.functionName !== "(root)") onStack.add(frameOf(ancestor.callFrame));
    }
    for (const name of onStack) total.set(name, (total.get(name) ?? 0) + count);
  }
  const samples = profile.samples.length;
  const share = (count: number | undefined) => (samples === 0 ? 0 : (count ?? 0) / samples);
  // Every sampled frame is on its own stack, so `total` holds every frame.
  const lines = [...total.keys()]
    .map((frame) => ({ frame, self: share(self.get(frame)), total: share(total.get(frame)) }))
    .sort((a, b) => b.self - a.self || b.total - a.total);
  return { samples, idle: share(self.get("(idle)")), lines };
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/** A markdown summary: the `top` frames by self share and by total share, idle left out. */
export function profileMarkdown(heading: string, summary: ProfileSummary, top = 25): string {
  const busy = summary.lines.filter((line) => line.frame !== "(idle)");
  const table = (lines: ProfileLine[]) => [
    "| frame | self | total |",
    "| --- | --- | --- |",
    ...lines.map((line) => `| \`${line.frame}\` | ${percent(line.self)} | ${percent(line.total)} |`),
  ];
  const byTotal = [...busy].sort((a, b) => b.total - a.total || b.self - a.self);
  return [
    `## ${heading}`,
    "",
    `${summary.samples.toLocaleString("en-US")} samples, idle ${percent(summary.idle)}. Shares are of all samples; ` +
      "native work called from a function (an SQL statement, an RPC) often counts as that function's self time. " +
      "Lines are those of the bundled script (for dynaflare, `index.js` in the bundle under `dist/self-hosted/`).",
    "",
    `### By self time (top ${top})`,
    "",
    ...table(busy.slice(0, top)),
    "",
    `### By total time (top ${top})`,
    "",
    ...table(byTotal.slice(0, top)),
    "",
  ].join("\n");
}
