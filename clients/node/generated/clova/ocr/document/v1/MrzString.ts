// Original file: ../proto/clova/ocr/document/v1/fields.proto


/**
 * CLOVA's "MrzString": a string read from a passport's machine readable zone.
 */
export interface MrzString {
  /**
   * Optional. Text as read.
   */
  'rawText'?: (string);
  /**
   * Optional. Text after refinement.
   */
  'refinedText'?: (string);
  /**
   * Optional. Codes of the refinement methods applied.
   */
  'postprocessed'?: (number)[];
  '_rawText'?: "rawText";
  '_refinedText'?: "refinedText";
}

/**
 * CLOVA's "MrzString": a string read from a passport's machine readable zone.
 */
export interface MrzString__Output {
  /**
   * Optional. Text as read.
   */
  'rawText'?: (string);
  /**
   * Optional. Text after refinement.
   */
  'refinedText'?: (string);
  /**
   * Optional. Codes of the refinement methods applied.
   */
  'postprocessed': (number)[];
  '_rawText'?: "rawText";
  '_refinedText'?: "refinedText";
}
