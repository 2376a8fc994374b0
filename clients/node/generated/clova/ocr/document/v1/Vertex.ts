// Original file: ../proto/clova/ocr/document/v1/geometry.proto


/**
 * A point of a bounding polygon, in pixels of the (converted) image.
 */
export interface Vertex {
  /**
   * Optional. X coordinate; CLOVA sends floats, kept as double so nothing is rounded.
   */
  'x'?: (number | string);
  /**
   * Optional. Y coordinate.
   */
  'y'?: (number | string);
  '_x'?: "x";
  '_y'?: "y";
}

/**
 * A point of a bounding polygon, in pixels of the (converted) image.
 */
export interface Vertex__Output {
  /**
   * Optional. X coordinate; CLOVA sends floats, kept as double so nothing is rounded.
   */
  'x'?: (number);
  /**
   * Optional. Y coordinate.
   */
  'y'?: (number);
  '_x'?: "x";
  '_y'?: "y";
}
