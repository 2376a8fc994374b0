// Original file: ../proto/clova/ocr/document/v1/fields.proto

import type { TimeFormatted as _clova_ocr_document_v1_TimeFormatted, TimeFormatted__Output as _clova_ocr_document_v1_TimeFormatted__Output } from '../../../../clova/ocr/document/v1/TimeFormatted';
import type { BoundingPoly as _clova_ocr_document_v1_BoundingPoly, BoundingPoly__Output as _clova_ocr_document_v1_BoundingPoly__Output } from '../../../../clova/ocr/document/v1/BoundingPoly';

/**
 * CLOVA's "timeObject".
 */
export interface TimeObject {
  /**
   * Optional. Parsed text.
   */
  'text'?: (string);
  /**
   * Optional. Refined hour, minute and second.
   */
  'formatted'?: (_clova_ocr_document_v1_TimeFormatted | null);
  /**
   * Optional. Polygons around the text.
   */
  'boundingPolys'?: (_clova_ocr_document_v1_BoundingPoly)[];
  /**
   * Optional. Polygons of personal information to mask.
   */
  'maskingPolys'?: (_clova_ocr_document_v1_BoundingPoly)[];
  '_text'?: "text";
}

/**
 * CLOVA's "timeObject".
 */
export interface TimeObject__Output {
  /**
   * Optional. Parsed text.
   */
  'text'?: (string);
  /**
   * Optional. Refined hour, minute and second.
   */
  'formatted': (_clova_ocr_document_v1_TimeFormatted__Output | null);
  /**
   * Optional. Polygons around the text.
   */
  'boundingPolys': (_clova_ocr_document_v1_BoundingPoly__Output)[];
  /**
   * Optional. Polygons of personal information to mask.
   */
  'maskingPolys': (_clova_ocr_document_v1_BoundingPoly__Output)[];
  '_text'?: "text";
}
