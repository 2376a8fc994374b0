// Original file: ../proto/clova/ocr/document/v1/receipt.proto

import type { StoreInfo as _clova_ocr_document_v1_StoreInfo, StoreInfo__Output as _clova_ocr_document_v1_StoreInfo__Output } from '../../../../clova/ocr/document/v1/StoreInfo';
import type { PaymentInfo as _clova_ocr_document_v1_PaymentInfo, PaymentInfo__Output as _clova_ocr_document_v1_PaymentInfo__Output } from '../../../../clova/ocr/document/v1/PaymentInfo';
import type { SubResult as _clova_ocr_document_v1_SubResult, SubResult__Output as _clova_ocr_document_v1_SubResult__Output } from '../../../../clova/ocr/document/v1/SubResult';
import type { TotalPrice as _clova_ocr_document_v1_TotalPrice, TotalPrice__Output as _clova_ocr_document_v1_TotalPrice__Output } from '../../../../clova/ocr/document/v1/TotalPrice';
import type { SubTotal as _clova_ocr_document_v1_SubTotal, SubTotal__Output as _clova_ocr_document_v1_SubTotal__Output } from '../../../../clova/ocr/document/v1/SubTotal';

/**
 * What was read from a receipt.
 */
export interface ReceiptResult {
  /**
   * Optional. Store information.
   */
  'storeInfo'?: (_clova_ocr_document_v1_StoreInfo | null);
  /**
   * Optional. Payment information.
   */
  'paymentInfo'?: (_clova_ocr_document_v1_PaymentInfo | null);
  /**
   * Optional. Groups of items (menu lines and the like).
   */
  'subResults'?: (_clova_ocr_document_v1_SubResult)[];
  /**
   * Optional. Total amount.
   */
  'totalPrice'?: (_clova_ocr_document_v1_TotalPrice | null);
  /**
   * Optional. Subtotals of the receipt (API release of 2026-07-23). CLOVA's key is singular
   * although it is a list, as with the name card's fields.
   */
  'subTotal'?: (_clova_ocr_document_v1_SubTotal)[];
}

/**
 * What was read from a receipt.
 */
export interface ReceiptResult__Output {
  /**
   * Optional. Store information.
   */
  'storeInfo': (_clova_ocr_document_v1_StoreInfo__Output | null);
  /**
   * Optional. Payment information.
   */
  'paymentInfo': (_clova_ocr_document_v1_PaymentInfo__Output | null);
  /**
   * Optional. Groups of items (menu lines and the like).
   */
  'subResults': (_clova_ocr_document_v1_SubResult__Output)[];
  /**
   * Optional. Total amount.
   */
  'totalPrice': (_clova_ocr_document_v1_TotalPrice__Output | null);
  /**
   * Optional. Subtotals of the receipt (API release of 2026-07-23). CLOVA's key is singular
   * although it is a list, as with the name card's fields.
   */
  'subTotal': (_clova_ocr_document_v1_SubTotal__Output)[];
}
