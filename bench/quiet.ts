/**
 * Measuring on a machine other people use: wait until the machine is quiet before a measured
 * span, and take the span again (up to `attempts` times) when other processes used a quarter
 * of a core or more during it. On a quiet machine this costs one 0.5 s sample per span.
 */

import { type CpuUse, disturbed, machineBusySeconds, measureCpu, type ServerPids } from "./cpu";

const SAMPLE_MS = 500;
/** Busy cores (everything: nothing of the bench runs between spans) below which the machine is quiet. */
const QUIET_CORES = 0.25;

/** Resolves once a 0.5 s sample shows the machine quiet, or after `maxWaitMs` regardless. */
export async function waitForQuiet(maxWaitMs: number): Promise<boolean> {
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const before = machineBusySeconds();
    await new Promise((done) => setTimeout(done, SAMPLE_MS));
    if ((machineBusySeconds() - before) / (SAMPLE_MS / 1000) < QUIET_CORES) return true;
    if (Date.now() >= deadline) return false;
  }
}

export async function measureQuietly<T>(
  serverPids: ServerPids,
  run: () => Promise<T>,
  log: (message: string) => void,
  options: { attempts?: number; maxWaitMs?: number } = {},
): Promise<{ result: T; cpu: CpuUse }> {
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    if (!(await waitForQuiet(options.maxWaitMs ?? 30_000))) log("    (the machine is busy with other processes)");
    const measured = await measureCpu(serverPids, run);
    if (!disturbed(measured.cpu) || attempt >= attempts) return measured;
    log(`    disturbed: other processes used ${measured.cpu.others.toFixed(1)} CPU s; measuring again`);
  }
}
