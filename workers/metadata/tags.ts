/**
 * The tags of a region's tables: TagResource, UntagResource and ListTagsOfResource, by the table's
 * ARN. Tags are out of reach while a table is CREATING.
 */
import { arnNotFound, checkTagCount, type Tag } from "../../shared/api/operations/common";
import type { TableMeta } from "../../shared/api/table";
import type { Reply } from "../replica/protocol";
import { attempt, type MetadataHost } from "./host";

/** TagResource: adds or overwrites tags of the table `arn` names. */
export function tagResource(host: MetadataHost, arn: string, tags: Tag[]): Reply<object> {
  const table = taggable(host, arn);
  if (!table) return { ok: false, error: arnNotFound(arn).toWire() };
  const existing = host.catalog.getTags(table.id).map((t) => t.Key);
  const tooMany = attempt(() =>
    checkTagCount(
      existing,
      tags.map((t) => t.Key),
    ),
  );
  if (tooMany) return tooMany;
  host.transaction(() => {
    for (const tag of tags) host.catalog.putTag(table.id, tag.Key, tag.Value);
  });
  return { ok: true };
}

/** UntagResource: removes the named tags; absent keys are ignored. */
export function untagResource(host: MetadataHost, arn: string, keys: string[]): Reply<object> {
  const table = taggable(host, arn);
  if (!table) return { ok: false, error: arnNotFound(arn).toWire() };
  host.transaction(() => {
    for (const key of keys) host.catalog.deleteTag(table.id, key);
  });
  return { ok: true };
}

/** ListTagsOfResource: every tag of the table, in key order. */
export function listTagsOfResource(host: MetadataHost, arn: string): Reply<{ tags: Tag[] }> {
  const table = taggable(host, arn);
  if (!table) return { ok: false, error: arnNotFound(arn).toWire() };
  return { ok: true, tags: host.catalog.getTags(table.id) };
}

/** The table a tagging operation may act on: tags are out of reach until the table is ACTIVE. */
function taggable(host: MetadataHost, arn: string): TableMeta | undefined {
  const table = host.catalog.getTableByArn(arn);
  return table && table.status !== "CREATING" ? table : undefined;
}
