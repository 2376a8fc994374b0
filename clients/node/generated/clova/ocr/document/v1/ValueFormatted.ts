// Original file: ../proto/clova/ocr/document/v1/fields.proto


/**
 * The refined value of a string, telephone number or float object.
 */
export interface ValueFormatted {
  /**
   * Optional. Refined text; may be empty when refinement fails.
   */
  'value'?: (string);
  '_value'?: "value";
}

/**
 * The refined value of a string, telephone number or float object.
 */
export interface ValueFormatted__Output {
  /**
   * Optional. Refined text; may be empty when refinement fails.
   */
  'value'?: (string);
  '_value'?: "value";
}
