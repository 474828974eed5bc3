/**
 * The listening socket several workerd processes share: scripts/processes.ts's (`npm start --
 * --processes N`) and the bench's floor on two processes (bench/targets/workerd.ts).
 */

import { Worker } from "node:worker_threads";

/**
 * A listening TCP socket for workerd processes to share (workerd's --socket-fd), held by this
 * process without accepting on it: Node accepts on every socket its event loop polls, so the
 * socket is opened by a worker thread that then blocks for good (its loop never polls again). The
 * kernel hands each connection to one of the processes given it, and one started later (a
 * restart) can be given it too. `host` "*" means every interface; port 0 picks a free one.
 */
export async function holdListeningSocket(
  host: string,
  port: number,
): Promise<{ port: number; fd: number; close(): Promise<void> }> {
  const thread = new Worker(HOLDER, { eval: true, workerData: { host: host === "*" ? undefined : host, port } });
  const opened = await new Promise<{ port: number; fd: number } | { error: string }>((done, fail) => {
    thread.once("message", done);
    thread.once("error", fail);
  });
  if ("error" in opened) {
    await thread.terminate();
    throw new Error(`cannot listen on ${host}:${port}: ${opened.error}`);
  }
  return { ...opened, close: async () => void (await thread.terminate()) };
}

/** The holder thread: opens the socket, says its port and descriptor, and blocks. */
const HOLDER = `
const { parentPort, workerData } = require("node:worker_threads");
const server = require("node:net").createServer((connection) => connection.destroy());
server.once("error", (error) => parentPort.postMessage({ error: error.message }));
server.listen(workerData.port, workerData.host, () => {
  parentPort.postMessage({ port: server.address().port, fd: server._handle.fd });
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
});`;
