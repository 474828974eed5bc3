/**
 * DynamoDB's documented service limits.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html
 */
export const LIMITS = {
  /** Maximum item size, counted as attribute name bytes plus value bytes. */
  itemBytes: 400 * 1024,
  partitionKeyBytes: 2048,
  sortKeyBytes: 1024,
  /** Significant digits of a number. */
  numberDigits: 38,
  nestingDepth: 32,
  /** UTF-8 bytes of an attribute name, top-level or a map key ("less than 64 KB in size"). */
  attributeNameBytes: 65_535,
  batchWriteRequests: 25,
  batchGetKeys: 100,
  transactionActions: 100,
  /** Data read by one Query or Scan page, before filtering. */
  pageBytes: 1024 * 1024,
  batchGetResponseBytes: 16 * 1024 * 1024,
  /**
   * Bytes of one request body. A larger body is refused with HTTP 413 before it is read through
   * (the service's recorded answer; a body of exactly this size is read and served).
   */
  requestBytes: 16 * 1024 * 1024,
  /** Operands of IN in an expression. */
  inOperands: 100,
  expressionBytes: 4096,
  /**
   * Bytes of one request's ExpressionAttributeNames and of its ExpressionAttributeValues, each
   * and together: keys' UTF-8 bytes plus names' UTF-8 bytes or values' sizes (item-size rules).
   */
  expressionSubstitutionBytes: 2 * 1024 * 1024,
  tableNameMin: 3,
  tableNameMax: 255,
  tablesPerRegion: 2500,
  /** Capacity units: reads per 4 KB, writes per 1 KB. */
  readUnitBytes: 4096,
  writeUnitBytes: 1024,
} as const;
