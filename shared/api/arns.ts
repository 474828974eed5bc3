/**
 * DynamoDB's ARNs, as its descriptions show them and as policies name them.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html#amazondynamodb-resources-for-iam-policies
 */

export const tableArn = (region: string, account: string, table: string) =>
  `arn:aws:dynamodb:${region}:${account}:table/${table}`;

export const indexArn = (table: string, index: string) => `${table}/index/${index}`;

/** A global table of version 2017.11.29: no region. */
export const globalTableArn = (account: string, name: string) => `arn:aws:dynamodb::${account}:global-table/${name}`;

/** The parts of a table or backup ARN. */
export interface TableArnParts {
  partition: string;
  region: string;
  account: string;
  tableName: string;
}

export interface BackupArnParts extends TableArnParts {
  /** `<creation time in epoch ms, 14 digits>-<8 hex digits>`, e.g. `01489602797149-73d8d5bc`. */
  id: string;
}

const ARN_HEAD = "arn:(aws[a-z-]*):dynamodb:([a-z0-9-]+):(\\d{12}):table/([a-zA-Z0-9_.-]{3,255})";
const TABLE_ARN_REGEX = new RegExp(`^${ARN_HEAD}$`);
const BACKUP_ARN_REGEX = new RegExp(`^${ARN_HEAD}/backup/(\\d{14}-[0-9a-f]{8})$`);

/** The parts of table ARN `arn` (`arn:aws:dynamodb:<region>:<12-digit account>:table/<name>`), or undefined. */
export function parseTableArn(arn: string): TableArnParts | undefined {
  const match = TABLE_ARN_REGEX.exec(arn);
  if (!match) return undefined;
  const [, partition, region, account, tableName] = match;
  return { partition, region, account, tableName };
}

/**
 * A table's backup, as DynamoDB names it: the table's ARN, `/backup/`, the creation time in epoch
 * milliseconds zero-padded to 14 digits, `-`, and 8 lower-case hex digits (`random`, injected; the
 * service's SYSTEM backups use `00000000`), e.g.
 * `arn:aws:dynamodb:us-east-1:123456789012:table/Music/backup/01489602797149-73d8d5bc`.
 * @see https://docs.aws.amazon.com/cli/latest/reference/dynamodb/describe-backup.html (examples)
 */
export const backupArn = (tableArn: string, createdAtMs: number, random: string) =>
  `${tableArn}/backup/${String(createdAtMs).padStart(14, "0")}-${random}`;

/** The parts of backup ARN `arn` as `backupArn` writes it, or undefined when it is not one. */
export function parseBackupArn(arn: string): BackupArnParts | undefined {
  const match = BACKUP_ARN_REGEX.exec(arn);
  if (!match) return undefined;
  const [, partition, region, account, tableName, id] = match;
  return { partition, region, account, tableName, id };
}

/** The creation time (epoch ms) a backup id (`BackupArnParts.id`) starts with. */
export const backupIdTime = (id: string) => Number(id.slice(0, 14));
