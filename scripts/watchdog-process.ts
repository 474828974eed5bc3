/**
 * The watchdog process (started by scripts/watchdog.ts, which documents why): stops a
 * workerd whose launcher died. Node runs it with type stripping; it imports nothing of ours.
 *
 * Arguments: workerd's pid, then the grace period in ms between SIGTERM and SIGKILL.
 * Descriptors:
 * - 0, the launcher's lifeline: its other end is held by the launcher alone, so end of file
 *   means the launcher is gone, however it died (the kernel closes a dead process's files);
 * - 3, workerd's lifeline: its other end is held by workerd alone, so end of file means
 *   workerd has exited (which a pid cannot say: pids are reused);
 * - 1: "ready" once both are watched, then nothing.
 *
 * At exit: workerd has exited (exit code 0).
 */

import { Socket } from "node:net";

const workerdPid = Number(process.argv[2]);
const graceMs = Number(process.argv[3]);
if (!Number.isSafeInteger(workerdPid) || workerdPid <= 0 || !(graceMs >= 0)) {
  console.error("usage: watchdog-process.ts <workerd pid> <grace ms>");
  process.exit(2);
}

const workerd = new Socket({ fd: 3, readable: true, writable: false });
const workerdGone = () => process.exit(0);
workerd.on("end", workerdGone);
workerd.on("close", workerdGone);
workerd.on("error", workerdGone);
workerd.resume();

let stopping = false;
const launcherGone = () => {
  if (stopping) return;
  stopping = true;
  // A launcher that stopped workerd itself exits only after workerd has, so both ends may be
  // seen in one turn of the event loop: let workerd's end of file win.
  setImmediate(() => {
    signal("SIGTERM");
    setTimeout(() => signal("SIGKILL"), graceMs);
  });
};
process.stdin.on("end", launcherGone);
process.stdin.on("close", launcherGone);
process.stdin.on("error", launcherGone);
process.stdin.resume();

function signal(name: string): void {
  try {
    process.kill(workerdPid, name);
  } catch {
    // Already gone: its lifeline is about to end.
  }
}

process.stdout.write("ready\n");
