// Original file: ../proto/clova/ocr/document/v1/fields.proto


/**
 * CLOVA's "Mrzbool": a boolean derived from the machine readable zone.
 */
export interface MrzBool {
  /**
   * Optional. Text as read.
   */
  'rawText'?: (string);
  /**
   * Optional. Refined value.
   */
  'refinedText'?: (boolean);
  /**
   * Optional. Codes of the refinement methods applied.
   */
  'postprocessed'?: (number)[];
  '_rawText'?: "rawText";
  '_refinedText'?: "refinedText";
}

/**
 * CLOVA's "Mrzbool": a boolean derived from the machine readable zone.
 */
export interface MrzBool__Output {
  /**
   * Optional. Text as read.
   */
  'rawText'?: (string);
  /**
   * Optional. Refined value.
   */
  'refinedText'?: (boolean);
  /**
   * Optional. Codes of the refinement methods applied.
   */
  'postprocessed': (number)[];
  '_rawText'?: "rawText";
  '_refinedText'?: "refinedText";
}
