/**
 * The launcher's calls to a process's `Internal` entrypoint over its internal socket (issue 23):
 * an HTTP POST on the Unix socket, bearing the internal token (workers/link/internal-api.ts); and
 * the one HTTP request with its answer as text they are made of.
 */
import { request } from "node:http";
import { INTERNAL_TOKEN_HEADER } from "../workers/link/internal-api";

/** What is read of an answer. */
interface Answer {
  statusCode?: number;
  setEncoding(encoding: string): void;
  on(event: "data" | "end" | "error", listener: (chunk: string) => void): void;
}

/** The options of Node's `http.request` that these requests use. */
export interface RequestOptions {
  method: string;
  headers?: Record<string, string>;
  /** A Unix socket to send it on, with `path`, instead of a URL's host. */
  socketPath?: string;
  path?: string;
  /** `false`: a connection of its own, closed after the answer. */
  agent?: false;
  /** How long it may go without an answer (ms); none by default. */
  timeout?: number;
}

/**
 * Sends one HTTP request to `url` (or on `options.socketPath`) with `body`. At exit: the answer's
 * status and text; rejects when no one answers, or none within `options.timeout`.
 */
export function requestText(
  url: string | undefined,
  options: RequestOptions,
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((done, fail) => {
    const onAnswer = (answer: Answer) => {
      let text = "";
      answer.setEncoding("utf8");
      answer.on("data", (chunk: string) => {
        text += chunk;
      });
      answer.on("end", () => done({ status: answer.statusCode ?? 0, text }));
      answer.on("error", fail);
    };
    const sent = url === undefined ? request(options, onAnswer) : request(url, options, onAnswer);
    sent.on("timeout", () =>
      sent.destroy(new Error(`${url ?? options.socketPath}: no answer within ${options.timeout} ms`)),
    );
    sent.on("error", fail);
    sent.end(body);
  });
}

/** POSTs `body` to `path` on the socket at `socketPath`. At exit: the answer's status and text; rejects when no process answers. */
export function postInternal(
  socketPath: string,
  token: string,
  path: string,
  body: string,
  timeoutMs = 2_000,
): Promise<{ status: number; text: string }> {
  const headers = { [INTERNAL_TOKEN_HEADER]: token };
  return requestText(undefined, { socketPath, path, method: "POST", headers, timeout: timeoutMs }, body);
}
