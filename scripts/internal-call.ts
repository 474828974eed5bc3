/**
 * The launcher's calls to a process's `Internal` entrypoint over its internal socket (issue 23):
 * an HTTP POST on the Unix socket, bearing the internal token (workers/link/internal-api.ts).
 */
import { request } from "node:http";
import { INTERNAL_TOKEN_HEADER } from "../workers/link/internal-api";

/** What the launcher reads of an answer. */
interface Answer {
  statusCode?: number;
  setEncoding(encoding: string): void;
  on(event: "data" | "end" | "error", listener: (chunk: string) => void): void;
}

/** POSTs `body` to `path` on the socket at `socketPath`. At exit: the answer's status and text; rejects when no process answers. */
export function postInternal(
  socketPath: string,
  token: string,
  path: string,
  body: string,
  timeoutMs = 2_000,
): Promise<{ status: number; text: string }> {
  return new Promise((done, fail) => {
    const sent = request(
      { socketPath, path, method: "POST", headers: { [INTERNAL_TOKEN_HEADER]: token }, timeout: timeoutMs },
      (answer: Answer) => {
        let text = "";
        answer.setEncoding("utf8");
        answer.on("data", (chunk: string) => {
          text += chunk;
        });
        answer.on("end", () => done({ status: answer.statusCode ?? 0, text }));
        answer.on("error", fail);
      },
    );
    sent.on("timeout", () => sent.destroy(new Error(`${path} on ${socketPath}: no answer within ${timeoutMs} ms`)));
    sent.on("error", fail);
    sent.end(body);
  });
}
