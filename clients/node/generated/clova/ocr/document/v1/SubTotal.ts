// Original file: ../proto/clova/ocr/document/v1/receipt.proto

import type { FloatObject as _clova_ocr_document_v1_FloatObject, FloatObject__Output as _clova_ocr_document_v1_FloatObject__Output } from '../../../../clova/ocr/document/v1/FloatObject';

/**
 * One subtotal of a receipt (API release of 2026-07-23).
 */
export interface SubTotal {
  /**
   * Optional. Amount of the subtotal.
   */
  'subTotalPrice'?: (_clova_ocr_document_v1_FloatObject | null);
}

/**
 * One subtotal of a receipt (API release of 2026-07-23).
 */
export interface SubTotal__Output {
  /**
   * Optional. Amount of the subtotal.
   */
  'subTotalPrice': (_clova_ocr_document_v1_FloatObject__Output | null);
}
