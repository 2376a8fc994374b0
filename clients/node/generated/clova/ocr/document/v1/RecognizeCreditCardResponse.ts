// Original file: ../proto/clova/ocr/document/v1/document_ocr_service.proto

import type { ResponseHeader as _clova_ocr_document_v1_ResponseHeader, ResponseHeader__Output as _clova_ocr_document_v1_ResponseHeader__Output } from '../../../../clova/ocr/document/v1/ResponseHeader';
import type { ImageInfo as _clova_ocr_document_v1_ImageInfo, ImageInfo__Output as _clova_ocr_document_v1_ImageInfo__Output } from '../../../../clova/ocr/document/v1/ImageInfo';
import type { CreditCard as _clova_ocr_document_v1_CreditCard, CreditCard__Output as _clova_ocr_document_v1_CreditCard__Output } from '../../../../clova/ocr/document/v1/CreditCard';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../../../google/protobuf/Struct';

/**
 * Response of RecognizeCreditCard.
 */
export interface RecognizeCreditCardResponse {
  /**
   * Required. Call-level fields of CLOVA's answer.
   */
  'header'?: (_clova_ocr_document_v1_ResponseHeader | null);
  /**
   * Required. The per-image envelope (uid, name, inferResult, ...).
   */
  'image'?: (_clova_ocr_document_v1_ImageInfo | null);
  /**
   * Optional. The recognition result; absent when CLOVA sent none.
   */
  'creditCard'?: (_clova_ocr_document_v1_CreditCard | null);
  /**
   * Optional. CLOVA's whole answer, when include_raw_response was set.
   */
  'rawResponse'?: (_google_protobuf_Struct | null);
}

/**
 * Response of RecognizeCreditCard.
 */
export interface RecognizeCreditCardResponse__Output {
  /**
   * Required. Call-level fields of CLOVA's answer.
   */
  'header': (_clova_ocr_document_v1_ResponseHeader__Output | null);
  /**
   * Required. The per-image envelope (uid, name, inferResult, ...).
   */
  'image': (_clova_ocr_document_v1_ImageInfo__Output | null);
  /**
   * Optional. The recognition result; absent when CLOVA sent none.
   */
  'creditCard': (_clova_ocr_document_v1_CreditCard__Output | null);
  /**
   * Optional. CLOVA's whole answer, when include_raw_response was set.
   */
  'rawResponse': (_google_protobuf_Struct__Output | null);
}
