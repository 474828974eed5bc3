/**
 * A request's headers, each read from the runtime at most once: the endpoint, the signature
 * check and the signed headers' canonical form ask for the same few (content type, target, host,
 * date), and each runtime `get` builds a new string.
 */
export class RequestHeaders {
  private readonly read = new Map<string, string | null>();

  constructor(private readonly headers: Pick<Headers, "get">) {}

  /** The value of header `name` (lowercase), or null. */
  get(name: string): string | null {
    let value = this.read.get(name);
    if (value === undefined) {
      value = this.headers.get(name);
      this.read.set(name, value);
    }
    return value;
  }
}
