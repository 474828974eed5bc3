/**
 * TagResource, UntagResource and ListTagsOfResource over HTTP through the AWS SDK.
 */

import {
  CreateTableCommand,
  ListTagsOfResourceCommand,
  TagResourceCommand,
  type TagResourceCommandInput,
  UntagResourceCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import { describe, expect, test } from "vitest";
import { client, uniqueTableName } from "../helpers/dynamodb";

const db = client();

async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  const error = await promise.then(
    () => expect.fail("expected the request to fail"),
    (e: Error) => e,
  );
  return { name: error.name, message: error.message };
}

/** An ACTIVE table created with `Tags`; its ARN. */
async function taggedTable(Tags?: { Key: string; Value: string }[]): Promise<string> {
  const TableName = uniqueTableName("ctl-tags");
  const { TableDescription } = await db.send(
    new CreateTableCommand({
      TableName,
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
      Tags,
    }),
  );
  await waitUntilTableExists({ client: db, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { TableName });
  return TableDescription?.TableArn as string;
}

const tagsOf = async (ResourceArn: string) => (await db.send(new ListTagsOfResourceCommand({ ResourceArn }))).Tags;

describe("tags", () => {
  test("tags: CreateTable's tags are listed; TagResource adds and overwrites, UntagResource removes", async () => {
    const arn = await taggedTable([{ Key: "team", Value: "core" }]);
    expect(await tagsOf(arn)).toEqual([{ Key: "team", Value: "core" }]);

    const tagged = await db.send(
      new TagResourceCommand({
        ResourceArn: arn,
        Tags: [
          { Key: "team", Value: "edge" },
          { Key: "env", Value: "test" },
          { Key: "ключ café", Value: "a+b-c=d.e_f:g/h@i" },
        ],
      }),
    );
    expect(tagged.$metadata.httpStatusCode).toBe(200);
    expect(await tagsOf(arn)).toEqual([
      { Key: "env", Value: "test" },
      { Key: "team", Value: "edge" },
      { Key: "ключ café", Value: "a+b-c=d.e_f:g/h@i" },
    ]);

    await db.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ["team", "absent"] }));
    expect(await tagsOf(arn)).toEqual([
      { Key: "env", Value: "test" },
      { Key: "ключ café", Value: "a+b-c=d.e_f:g/h@i" },
    ]);
  });

  test("tags: a table without tags lists none, and an unknown NextToken is ignored", async () => {
    const arn = await taggedTable();
    const output = await db.send(new ListTagsOfResourceCommand({ ResourceArn: arn, NextToken: "junk" }));
    expect(output.Tags).toEqual([]);
    expect(output.NextToken).toBeUndefined();
  });

  test("tags: a table holds at most 50 tags", async () => {
    const arn = await taggedTable(Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: `${i}` })));
    expect(await tagsOf(arn)).toHaveLength(50);
    await db.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: "k0", Value: "again" }] }));
    expect(
      await failure(db.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: "k50", Value: "x" }] }))),
    ).toEqual({
      name: "ValidationException",
      message: "Number of Tags exceed the current limit for the provided ResourceArn",
    });
  });

  test("tags: the ARN of a missing table is ResourceNotFoundException for all three operations", async () => {
    const arn = `arn:aws:dynamodb:us-east-1:000000000000:table/${uniqueTableName("ctl-missing")}`;
    const notFound = {
      name: "ResourceNotFoundException",
      message: `Requested resource not found: ResourceArn: ${arn} not found`,
    };
    expect(
      await failure(db.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: "k", Value: "v" }] }))),
    ).toEqual(notFound);
    expect(await failure(db.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ["k"] })))).toEqual(notFound);
    expect(await failure(db.send(new ListTagsOfResourceCommand({ ResourceArn: arn })))).toEqual(notFound);
  });

  test.each<[string, string, string, string]>([
    [
      "a bare table name",
      "my-table",
      "ValidationException",
      "One or more parameter values were invalid: ARNs must start with 'arn:': my-table",
    ],
    [
      "another region's ARN",
      "arn:aws:dynamodb:eu-west-1:000000000000:table/abc",
      "ValidationException",
      "Invalid TableArn: Invalid ResourceArn provided as input arn:aws:dynamodb:eu-west-1:000000000000:table/abc",
    ],
    [
      "another service's ARN",
      "arn:aws:sqs:us-east-1:000000000000:table/abc",
      "ValidationException",
      "One or more parameter values were invalid: Provided Arn is not a DynamoDB resource arn: arn:aws:sqs:us-east-1:000000000000:table/abc",
    ],
    [
      "another account's ARN",
      "arn:aws:dynamodb:us-east-1:123456789012:table/abc",
      "AccessDeniedException",
      "Access is denied",
    ],
    [
      "an empty ARN",
      "",
      "ValidationException",
      "1 validation error detected: Value '' at 'resourceArn' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ],
  ])("tags: $0 is $2", async (_, ResourceArn, name, message) => {
    expect(await failure(db.send(new ListTagsOfResourceCommand({ ResourceArn })))).toEqual({ name, message });
  });

  test.each<[string, Partial<TagResourceCommandInput>, string]>([
    ["no tags", { Tags: [] }, "Atleast one Tag needs to be provided as Input."],
    [
      "a reserved key",
      { Tags: [{ Key: "aws:cloudformation:stack-name", Value: "x" }] },
      "Tag Key cannot be prefixed with aws:, Key: aws:cloudformation:stack-name",
    ],
    [
      "a 129-character key",
      { Tags: [{ Key: "k".repeat(129), Value: "x" }] },
      `The Tag Key provided is invalid, Key: ${"k".repeat(129)}`,
    ],
    ["a value with a comma", { Tags: [{ Key: "k", Value: "a,b" }] }, "The Tag Value provided is invalid, Value: a,b"],
    [
      "a repeated key",
      {
        Tags: [
          { Key: "dup", Value: "1" },
          { Key: "dup", Value: "2" },
        ],
      },
      "Duplicate Tag Keys provided as input: Duplicate Tag Key found dup",
    ],
  ])("tags: TagResource with %s is ValidationException and changes nothing", async (_, change, message) => {
    const arn = await taggedTable([{ Key: "keep", Value: "me" }]);
    const input = { ResourceArn: arn, Tags: [{ Key: "good", Value: "tag" }], ...change };
    expect(await failure(db.send(new TagResourceCommand(input)))).toEqual({ name: "ValidationException", message });
    expect(await tagsOf(arn)).toEqual([{ Key: "keep", Value: "me" }]);
  });

  test("tags: UntagResource without keys is ValidationException", async () => {
    const arn = await taggedTable();
    expect(await failure(db.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: [] })))).toEqual({
      name: "ValidationException",
      message: "Atleast one Tag Key needs to be provided as Input.",
    });
  });
});
