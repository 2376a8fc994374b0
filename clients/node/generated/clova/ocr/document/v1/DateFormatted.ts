// Original file: ../proto/clova/ocr/document/v1/fields.proto


/**
 * The refined parts of a date (ISO 8601 digits; each may be empty).
 */
export interface DateFormatted {
  /**
   * Optional. Four-digit year.
   */
  'year'?: (string);
  /**
   * Optional. Two-digit month.
   */
  'month'?: (string);
  /**
   * Optional. Two-digit day.
   */
  'day'?: (string);
  '_year'?: "year";
  '_month'?: "month";
  '_day'?: "day";
}

/**
 * The refined parts of a date (ISO 8601 digits; each may be empty).
 */
export interface DateFormatted__Output {
  /**
   * Optional. Four-digit year.
   */
  'year'?: (string);
  /**
   * Optional. Two-digit month.
   */
  'month'?: (string);
  /**
   * Optional. Two-digit day.
   */
  'day'?: (string);
  '_year'?: "year";
  '_month'?: "month";
  '_day'?: "day";
}
