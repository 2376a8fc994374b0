// Original file: ../proto/clova/ocr/document/v1/geometry.proto

import type { Vertex as _clova_ocr_document_v1_Vertex, Vertex__Output as _clova_ocr_document_v1_Vertex__Output } from '../../../../clova/ocr/document/v1/Vertex';

/**
 * A polygon around recognized text (usually four vertices, clockwise from top left).
 */
export interface BoundingPoly {
  /**
   * Optional. The polygon's vertices.
   */
  'vertices'?: (_clova_ocr_document_v1_Vertex)[];
}

/**
 * A polygon around recognized text (usually four vertices, clockwise from top left).
 */
export interface BoundingPoly__Output {
  /**
   * Optional. The polygon's vertices.
   */
  'vertices': (_clova_ocr_document_v1_Vertex__Output)[];
}
