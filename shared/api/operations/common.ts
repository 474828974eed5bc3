/**
 * Request shapes and checks shared by several operations.
 */
import { ValidationException } from "../errors";
import type { Shape } from "../schema";

export interface Tag {
  Key: string;
  Value: string;
}

export const PROVISIONED_THROUGHPUT: Shape = {
  type: "struct",
  name: "ProvisionedThroughput",
  members: {
    ReadCapacityUnits: { type: "long", notNull: true, min: 1 },
    WriteCapacityUnits: { type: "long", notNull: true, min: 1 },
  },
};

export const TAGS: Shape = {
  type: "list",
  member: {
    type: "struct",
    name: "Tag",
    valueStruct: true,
    members: {
      Key: { type: "string", notNull: true, minLength: 1, maxLength: 128 },
      Value: { type: "string", notNull: true, minLength: 0, maxLength: 256 },
    },
  },
};

export const RESOURCE_ARN: Shape = { type: "string", required: true, minLength: 1, maxLength: 1283 };

/** @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Tagging.html */
export function validateTags(tags: Tag[]): void {
  if (tags.length > 50)
    throw new ValidationException(
      "One or more parameter values were invalid: The number of tags exceeds the limit of 50",
    );
  for (const tag of tags) {
    if (tag.Key.startsWith("aws:")) {
      throw new ValidationException(
        "One or more parameter values were invalid: Tag keys starting with 'aws:' are reserved for AWS use",
      );
    }
  }
}
