/**
 * DynamoDB's ARNs, as its descriptions show them and as policies name them.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html#amazondynamodb-resources-for-iam-policies
 */

export const tableArn = (region: string, account: string, table: string) =>
  `arn:aws:dynamodb:${region}:${account}:table/${table}`;

export const indexArn = (table: string, index: string) => `${table}/index/${index}`;

/** A global table of version 2017.11.29: no region. */
export const globalTableArn = (account: string, name: string) => `arn:aws:dynamodb::${account}:global-table/${name}`;
