// Original file: ../proto/clova/ocr/document/v1/receipt.proto

import type { StringObject as _clova_ocr_document_v1_StringObject, StringObject__Output as _clova_ocr_document_v1_StringObject__Output } from '../../../../clova/ocr/document/v1/StringObject';
import type { FloatObject as _clova_ocr_document_v1_FloatObject, FloatObject__Output as _clova_ocr_document_v1_FloatObject__Output } from '../../../../clova/ocr/document/v1/FloatObject';
import type { PriceInfo as _clova_ocr_document_v1_PriceInfo, PriceInfo__Output as _clova_ocr_document_v1_PriceInfo__Output } from '../../../../clova/ocr/document/v1/PriceInfo';

/**
 * One item (line) of a receipt.
 */
export interface Item {
  /**
   * Optional. Item name.
   */
  'name'?: (_clova_ocr_document_v1_StringObject | null);
  /**
   * Optional. Item code.
   */
  'code'?: (_clova_ocr_document_v1_StringObject | null);
  /**
   * Optional. Quantity.
   */
  'count'?: (_clova_ocr_document_v1_FloatObject | null);
  /**
   * Optional. Price information. CLOVA answers with the key "price" (the reference's example);
   * its table calls it "priceInfo". Both are read; JSON renders "price", as CLOVA sends it.
   */
  'priceInfo'?: (_clova_ocr_document_v1_PriceInfo | null);
}

/**
 * One item (line) of a receipt.
 */
export interface Item__Output {
  /**
   * Optional. Item name.
   */
  'name': (_clova_ocr_document_v1_StringObject__Output | null);
  /**
   * Optional. Item code.
   */
  'code': (_clova_ocr_document_v1_StringObject__Output | null);
  /**
   * Optional. Quantity.
   */
  'count': (_clova_ocr_document_v1_FloatObject__Output | null);
  /**
   * Optional. Price information. CLOVA answers with the key "price" (the reference's example);
   * its table calls it "priceInfo". Both are read; JSON renders "price", as CLOVA sends it.
   */
  'priceInfo': (_clova_ocr_document_v1_PriceInfo__Output | null);
}
