/**
 * The launcher's own socket, for its processes (issue 23): the admin API's crash of a zone asks it
 * to kill the process holding that zone (workers/admin/zone-crash.ts). `POST /kill` with
 * `{process, restartAfterMs?}` and the internal token; the kill follows the answer by KILL_DELAY_MS,
 * so a process asked to kill itself answers its request first.
 */
import { createServer } from "node:http";
import { INTERNAL_TOKEN_HEADER } from "../workers/link/internal-api";

/** How long after answering the launcher kills the process. */
const KILL_DELAY_MS = 50;

/** What the socket reads of a request and writes of its answer. */
interface Exchange {
  request: {
    method?: string;
    url?: string;
    headers: Record<string, string | undefined>;
    setEncoding(encoding: string): void;
    on(event: "data" | "end", listener: (chunk: string) => void): void;
  };
  answer: { writeHead(status: number): void; end(text: string): void };
}

/**
 * Serves the launcher's socket at `path` for `processes` processes: `kill(process, restartAfterMs)`
 * kills one. At exit: a handle that closes the socket.
 */
export function serveSupervisor(
  path: string,
  token: string,
  processes: number,
  kill: (process: number, restartAfterMs: number | undefined) => void,
): Promise<{ close(): Promise<void> }> {
  const server = createServer((request: Exchange["request"], answer: Exchange["answer"]) => {
    let text = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      text += chunk;
    });
    request.on("end", () => {
      const reply = (status: number, message: string) => {
        answer.writeHead(status);
        answer.end(message);
      };
      if (request.headers[INTERNAL_TOKEN_HEADER] !== token) return reply(403, "forbidden");
      if (request.method !== "POST" || request.url !== "/kill") return reply(404, "no such action");
      let asked: { process?: unknown; restartAfterMs?: unknown };
      try {
        asked = JSON.parse(text);
      } catch {
        return reply(400, "the body is not JSON");
      }
      const { process, restartAfterMs } = asked;
      const known = typeof process === "number" && Number.isInteger(process) && process >= 0 && process < processes;
      if (!known || (restartAfterMs !== undefined && typeof restartAfterMs !== "number")) {
        return reply(400, `kill needs a process from 0 to ${processes - 1} and an optional restartAfterMs`);
      }
      reply(200, "killing");
      setTimeout(() => kill(process as number, restartAfterMs as number | undefined), KILL_DELAY_MS);
    });
  });
  return new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(path, () => done({ close: () => new Promise<void>((closed) => server.close(() => closed())) }));
  });
}
