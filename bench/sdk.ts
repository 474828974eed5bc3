/**
 * The latency client: @aws-sdk/client-dynamodb over keep-alive HTTP connections, no retries
 * (every error counts), signing with the bench's key; the same for DynamoDB Streams
 * (@aws-sdk/client-dynamodb-streams, the streams phase's reader); and the table setup every
 * target gets.
 */

import { Agent } from "node:http";
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { credentialsText } from "../scripts/credentials-file";
import { CREATE_TABLE_INPUT, TABLE_NAME } from "./items";

export const REGION = "us-east-1";
/** The bench's key: dynaflare's servers accept it (BENCH_SECRETS); the others accept any. */
export const CREDENTIALS = { accessKeyId: "AKIDBENCHMARK", secretAccessKey: "bench-secret" };
/** The admin API token of the bench's dynaflare servers. */
export const BENCH_ADMIN_TOKEN = "dynaflare-bench-admin-token";
/** startServer's options that give a dynaflare server the bench's key and admin token. */
export const BENCH_SECRETS = { credentials: credentialsText([CREDENTIALS]), adminToken: BENCH_ADMIN_TOKEN };

/**
 * One client whose agent keeps up to `connections` sockets open between requests; `region`
 * signs its requests (the server picks the region from the SigV4 credential scope).
 */
export function benchClient(
  endpoint: string,
  connections: number,
  requestTimeoutMs = 30_000,
  region = REGION,
): DynamoDBClient {
  return new DynamoDBClient(clientOptions(endpoint, connections, requestTimeoutMs, region));
}

/** A DynamoDB Streams client with the same settings as benchClient's (same endpoint: the server serves both APIs). */
export function benchStreamsClient(
  endpoint: string,
  connections: number,
  requestTimeoutMs = 30_000,
  region = REGION,
): DynamoDBStreamsClient {
  return new DynamoDBStreamsClient(clientOptions(endpoint, connections, requestTimeoutMs, region));
}

/** What both clients are built with: the bench's key, no retries, kept-alive sockets. */
function clientOptions(endpoint: string, connections: number, requestTimeoutMs: number, region: string) {
  return {
    endpoint,
    region,
    credentials: CREDENTIALS,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({
      httpAgent: new Agent({ keepAlive: true, maxSockets: connections }),
      connectionTimeout: 5_000,
      requestTimeout: requestTimeoutMs,
    }),
  };
}

/** Creates the YCSB table (named `name`) and resolves once DescribeTable reports it ACTIVE. */
export async function createBenchTable(client: DynamoDBClient, name = TABLE_NAME, timeoutMs = 60_000): Promise<void> {
  await client.send(new CreateTableCommand({ ...CREATE_TABLE_INPUT, TableName: name }));
  await waitForActive(client, name, timeoutMs);
}

/** Resolves once DescribeTable reports table `name` ACTIVE; throws after `timeoutMs`. */
export async function waitForActive(client: DynamoDBClient, name: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    if (Table?.TableStatus === "ACTIVE") return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`table ${name} not ACTIVE within ${timeoutMs} ms`);
}
