// Original file: ../proto/clova/ocr/document/v1/fields.proto


/**
 * Meta information CLOVA attaches to a domain result.
 */
export interface Meta {
  /**
   * Optional. Language estimated by OCR: "en", "ja" or "ko".
   */
  'estimatedLanguage'?: (string);
  '_estimatedLanguage'?: "estimatedLanguage";
}

/**
 * Meta information CLOVA attaches to a domain result.
 */
export interface Meta__Output {
  /**
   * Optional. Language estimated by OCR: "en", "ja" or "ko".
   */
  'estimatedLanguage'?: (string);
  '_estimatedLanguage'?: "estimatedLanguage";
}
