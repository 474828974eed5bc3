/**
 * ListTagsOfResource. NextToken is read and ignored: every tag fits one page (50 at most), and
 * DynamoDB answers an unknown token with the first page.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListTagsOfResource.html
 */
import { type Members, parseRequest } from "../schema";
import { RESOURCE_ARN } from "./common";

export interface ListTagsOfResourceInput {
  ResourceArn: string;
  NextToken?: string;
}

const MEMBERS: Members = { ResourceArn: RESOURCE_ARN, NextToken: { type: "string" } };

export function validateListTagsOfResource(body: Record<string, unknown>): ListTagsOfResourceInput {
  return parseRequest<ListTagsOfResourceInput>(body, MEMBERS);
}
