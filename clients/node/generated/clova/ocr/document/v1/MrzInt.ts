// Original file: ../proto/clova/ocr/document/v1/fields.proto


/**
 * CLOVA's "MrzInt": an integer derived from the machine readable zone.
 */
export interface MrzInt {
  /**
   * Optional. Text as read.
   */
  'rawText'?: (string);
  /**
   * Optional. Refined value.
   */
  'refinedText'?: (number);
  /**
   * Optional. Codes of the refinement methods applied.
   */
  'postprocessed'?: (number)[];
  '_rawText'?: "rawText";
  '_refinedText'?: "refinedText";
}

/**
 * CLOVA's "MrzInt": an integer derived from the machine readable zone.
 */
export interface MrzInt__Output {
  /**
   * Optional. Text as read.
   */
  'rawText'?: (string);
  /**
   * Optional. Refined value.
   */
  'refinedText'?: (number);
  /**
   * Optional. Codes of the refinement methods applied.
   */
  'postprocessed': (number)[];
  '_rawText'?: "rawText";
  '_refinedText'?: "refinedText";
}
