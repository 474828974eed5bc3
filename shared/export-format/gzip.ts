/**
 * Gzip through the runtime's CompressionStream and DecompressionStream (workerd and Node alike):
 * an export's data files are gzipped, an import's may be.
 */

async function through(bytes: Uint8Array, transform: TransformStream<Uint8Array, Uint8Array>): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export const gzip = (bytes: Uint8Array) => through(bytes, new CompressionStream("gzip"));

/** The bytes `gzipped` holds; undefined when it is no gzip stream (or a broken one). */
export async function gunzip(gzipped: Uint8Array): Promise<Uint8Array | undefined> {
  try {
    return await through(gzipped, new DecompressionStream("gzip"));
  } catch {
    return undefined;
  }
}
