/**
 * The archive: where backups, partitions' snapshots and archived logs, and exports are kept, off
 * the Durable Objects' own storage. One seam over two stores:
 * - an R2 bucket, bound as `ARCHIVE` (on Cloudflare, and simulated under `wrangler dev` and the
 *   objects tests);
 * - under `npm start`, a directory that workerd itself serves as a disk service, bound as
 *   `ARCHIVE_DIR` (`--backups DIR`, scripts/workerd-config.ts): a GET of a file reads it, of a
 *   directory lists it as JSON, a PUT writes a file atomically (creating its directories), a
 *   DELETE removes it.
 *
 * Keys are `/`-separated paths of non-empty segments, as R2 keys and as files under the directory.
 * Contract, for both stores: `put` then `get` of a key gives its bytes back, a `put` replaces a key
 * whole (a reader sees the old bytes or the new, never a part), `list(prefix)` gives every key
 * under `prefix/`, sorted, and `delete` of a missing key is not an error.
 */
export interface Archive {
  put(key: string, body: string | Uint8Array): Promise<void>;
  /** The key's bytes, or undefined when there is no such key. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Every key under `prefix/`, in order. */
  list(prefix: string): Promise<string[]>;
  delete(keys: readonly string[]): Promise<void>;
}

/** The bindings an archive is reached through (workers/env.ts declares them). */
export interface ArchiveBindings {
  ARCHIVE?: R2Bucket;
  ARCHIVE_DIR?: Fetcher;
}

/** The deployment's archive: its R2 bucket, else its directory. Throws when it has neither. */
export function archiveOf(env: ArchiveBindings): Archive {
  if (env.ARCHIVE) return new BucketArchive(env.ARCHIVE);
  if (env.ARCHIVE_DIR) return new DirectoryArchive(env.ARCHIVE_DIR);
  throw new Error("no archive: bind an R2 bucket as ARCHIVE (wrangler.toml) or serve a directory as ARCHIVE_DIR");
}

function checkKey(key: string): void {
  if (key.split("/").some((segment) => segment === "" || segment === "." || segment === "..")) {
    throw new Error(`not an archive key: ${JSON.stringify(key)}`);
  }
}

/** R2 deletes at most this many keys a call. */
const R2_DELETE_BATCH = 1000;

class BucketArchive implements Archive {
  constructor(private readonly bucket: R2Bucket) {}

  async put(key: string, body: string | Uint8Array): Promise<void> {
    checkKey(key);
    await this.bucket.put(key, body);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    checkKey(key);
    const object = await this.bucket.get(key);
    return object ? new Uint8Array(await object.arrayBuffer()) : undefined;
  }

  async list(prefix: string): Promise<string[]> {
    checkKey(prefix);
    const keys: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.bucket.list({ prefix: `${prefix}/`, cursor });
      for (const object of page.objects) keys.push(object.key);
      cursor = page.truncated ? page.cursor : undefined;
    } while (cursor !== undefined);
    return keys.sort();
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (const key of keys) checkKey(key);
    for (let i = 0; i < keys.length; i += R2_DELETE_BATCH) {
      await this.bucket.delete(keys.slice(i, i + R2_DELETE_BATCH));
    }
  }
}

/** A disk service's directory listing entry. */
interface DirectoryEntry {
  name: string;
  type: string;
}

class DirectoryArchive implements Archive {
  constructor(private readonly disk: Fetcher) {}

  private url(key: string): string {
    return `http://archive/${key.split("/").map(encodeURIComponent).join("/")}`;
  }

  private async call(method: string, key: string, body?: string | Uint8Array): Promise<Response> {
    const response = await this.disk.fetch(this.url(key), { method, body });
    if (!response.ok && response.status !== 404) {
      await response.body?.cancel();
      throw new Error(`archive ${method} ${key}: HTTP ${response.status}`);
    }
    return response;
  }

  async put(key: string, body: string | Uint8Array): Promise<void> {
    checkKey(key);
    const response = await this.call("PUT", key, body);
    await response.body?.cancel();
    if (response.status === 404) throw new Error(`archive PUT ${key}: HTTP 404`);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    checkKey(key);
    const response = await this.call("GET", key);
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    return new Uint8Array(await response.arrayBuffer());
  }

  async list(prefix: string): Promise<string[]> {
    checkKey(prefix);
    const keys: string[] = [];
    const walk = async (directory: string): Promise<void> => {
      const response = await this.call("GET", `${directory}/`);
      if (response.status === 404 || !response.headers.get("content-type")?.includes("json")) {
        await response.body?.cancel();
        return;
      }
      const entries = (await response.json()) as DirectoryEntry[];
      for (const entry of entries) {
        const key = `${directory}/${entry.name}`;
        if (entry.type === "directory") await walk(key);
        else if (entry.type === "file") keys.push(key);
      }
    };
    await walk(prefix);
    return keys.sort();
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (const key of keys) checkKey(key);
    for (const key of keys) await (await this.call("DELETE", key)).body?.cancel();
  }
}
