// Original file: ../proto/clova/ocr/document/v1/image.proto


/**
 * Size of the page image CLOVA converted a PDF or TIFF into; coordinates refer to it.
 */
export interface ConvertedImageInfo {
  /**
   * Optional. Width in pixels.
   */
  'width'?: (number);
  /**
   * Optional. Height in pixels.
   */
  'height'?: (number);
  /**
   * Optional. Index of the page in the PDF or TIFF.
   */
  'pageIndex'?: (number);
  '_width'?: "width";
  '_height'?: "height";
  '_pageIndex'?: "pageIndex";
}

/**
 * Size of the page image CLOVA converted a PDF or TIFF into; coordinates refer to it.
 */
export interface ConvertedImageInfo__Output {
  /**
   * Optional. Width in pixels.
   */
  'width'?: (number);
  /**
   * Optional. Height in pixels.
   */
  'height'?: (number);
  /**
   * Optional. Index of the page in the PDF or TIFF.
   */
  'pageIndex'?: (number);
  '_width'?: "width";
  '_height'?: "height";
  '_pageIndex'?: "pageIndex";
}
