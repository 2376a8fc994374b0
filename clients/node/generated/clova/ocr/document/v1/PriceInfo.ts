// Original file: ../proto/clova/ocr/document/v1/receipt.proto

import type { FloatObject as _clova_ocr_document_v1_FloatObject, FloatObject__Output as _clova_ocr_document_v1_FloatObject__Output } from '../../../../clova/ocr/document/v1/FloatObject';

/**
 * Price of an item.
 */
export interface PriceInfo {
  /**
   * Optional. Price of the item line.
   */
  'price'?: (_clova_ocr_document_v1_FloatObject | null);
  /**
   * Optional. Unit price of the item.
   */
  'unitPrice'?: (_clova_ocr_document_v1_FloatObject | null);
}

/**
 * Price of an item.
 */
export interface PriceInfo__Output {
  /**
   * Optional. Price of the item line.
   */
  'price': (_clova_ocr_document_v1_FloatObject__Output | null);
  /**
   * Optional. Unit price of the item.
   */
  'unitPrice': (_clova_ocr_document_v1_FloatObject__Output | null);
}
