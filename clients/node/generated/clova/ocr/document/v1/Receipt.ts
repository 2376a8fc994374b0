// Original file: ../proto/clova/ocr/document/v1/receipt.proto

import type { Meta as _clova_ocr_document_v1_Meta, Meta__Output as _clova_ocr_document_v1_Meta__Output } from '../../../../clova/ocr/document/v1/Meta';
import type { ReceiptResult as _clova_ocr_document_v1_ReceiptResult, ReceiptResult__Output as _clova_ocr_document_v1_ReceiptResult__Output } from '../../../../clova/ocr/document/v1/ReceiptResult';

/**
 * CLOVA's "receipt" object: the result of the receipt domain.
 */
export interface Receipt {
  /**
   * Optional. Meta information, e.g. the estimated language.
   */
  'meta'?: (_clova_ocr_document_v1_Meta | null);
  /**
   * Optional. Recognition result.
   */
  'result'?: (_clova_ocr_document_v1_ReceiptResult | null);
}

/**
 * CLOVA's "receipt" object: the result of the receipt domain.
 */
export interface Receipt__Output {
  /**
   * Optional. Meta information, e.g. the estimated language.
   */
  'meta': (_clova_ocr_document_v1_Meta__Output | null);
  /**
   * Optional. Recognition result.
   */
  'result': (_clova_ocr_document_v1_ReceiptResult__Output | null);
}
