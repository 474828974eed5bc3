/**
 * A part of a phase on a server instance of its own (the splits and backups phases): the instance
 * started, a client for it, the part measured, and the instance stopped whatever happens (also
 * when the bench itself is stopped). A failure is recorded on the part's result as `error`, and
 * logged, not thrown: the other parts and phases go on.
 */

import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { BenchOptions } from "./options";
import { onStop } from "./processes";
import { benchClient } from "./sdk";
import type { RunningTarget, TargetContext } from "./targets/target";

/** How long one request may take. */
const REQUEST_TIMEOUT_MS = 30_000;

/** What such a phase needs of the run (measure-target.ts's context). */
export interface InstanceContext {
  options: BenchOptions;
  log: (message: string) => void;
}

/** A target's server for a phase whose parts each get an instance. */
export interface PartServer<P extends string> {
  start(context: TargetContext, part: P): Promise<RunningTarget>;
}

/** Runs `measure` on part `part` of phase `phase` on an instance of `server`. At exit: `result`. */
export async function onSeparateInstance<P extends string, T extends { error?: string }>(
  phase: string,
  server: PartServer<P>,
  part: P,
  targetContext: TargetContext,
  context: InstanceContext,
  result: T,
  measure: (running: RunningTarget, client: DynamoDBClient) => Promise<void>,
): Promise<T> {
  const { options, log } = context;
  let running: RunningTarget | undefined;
  let client: DynamoDBClient | undefined;
  const forget = onStop(async () => running?.stop());
  try {
    log(`${phase} (${part}): starting a separate instance`);
    running = await server.start(targetContext, part);
    client = benchClient(running.endpoint, options.concurrency, REQUEST_TIMEOUT_MS);
    await measure(running, client);
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
    log(`  ✗ ${phase} (${part}): ${result.error}`);
  } finally {
    client?.destroy();
    await running?.stop();
    forget();
  }
  return result;
}
