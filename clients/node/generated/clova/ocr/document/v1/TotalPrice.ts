// Original file: ../proto/clova/ocr/document/v1/receipt.proto

import type { FloatObject as _clova_ocr_document_v1_FloatObject, FloatObject__Output as _clova_ocr_document_v1_FloatObject__Output } from '../../../../clova/ocr/document/v1/FloatObject';

/**
 * The receipt's total.
 */
export interface TotalPrice {
  /**
   * Optional. Total price.
   */
  'price'?: (_clova_ocr_document_v1_FloatObject | null);
  /**
   * Optional. The part of the total paid by credit card (API release of 2026-07-23).
   */
  'creditCardPrice'?: (_clova_ocr_document_v1_FloatObject | null);
}

/**
 * The receipt's total.
 */
export interface TotalPrice__Output {
  /**
   * Optional. Total price.
   */
  'price': (_clova_ocr_document_v1_FloatObject__Output | null);
  /**
   * Optional. The part of the total paid by credit card (API release of 2026-07-23).
   */
  'creditCardPrice': (_clova_ocr_document_v1_FloatObject__Output | null);
}
