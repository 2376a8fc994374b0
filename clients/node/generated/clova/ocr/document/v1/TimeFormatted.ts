// Original file: ../proto/clova/ocr/document/v1/fields.proto


/**
 * The refined parts of a time of day (ISO 8601 digits; each may be empty).
 */
export interface TimeFormatted {
  /**
   * Optional. Two-digit hour.
   */
  'hour'?: (string);
  /**
   * Optional. Two-digit minute.
   */
  'minute'?: (string);
  /**
   * Optional. Two-digit second.
   */
  'second'?: (string);
  '_hour'?: "hour";
  '_minute'?: "minute";
  '_second'?: "second";
}

/**
 * The refined parts of a time of day (ISO 8601 digits; each may be empty).
 */
export interface TimeFormatted__Output {
  /**
   * Optional. Two-digit hour.
   */
  'hour'?: (string);
  /**
   * Optional. Two-digit minute.
   */
  'minute'?: (string);
  /**
   * Optional. Two-digit second.
   */
  'second'?: (string);
  '_hour'?: "hour";
  '_minute'?: "minute";
  '_second'?: "second";
}
