// Original file: ../proto/clova/ocr/document/v1/document_ocr_service.proto

import type { ResponseHeader as _clova_ocr_document_v1_ResponseHeader, ResponseHeader__Output as _clova_ocr_document_v1_ResponseHeader__Output } from '../../../../clova/ocr/document/v1/ResponseHeader';
import type { ImageInfo as _clova_ocr_document_v1_ImageInfo, ImageInfo__Output as _clova_ocr_document_v1_ImageInfo__Output } from '../../../../clova/ocr/document/v1/ImageInfo';
import type { IdCard as _clova_ocr_document_v1_IdCard, IdCard__Output as _clova_ocr_document_v1_IdCard__Output } from '../../../../clova/ocr/document/v1/IdCard';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../../../google/protobuf/Struct';

/**
 * Response of RecognizeIdCard.
 */
export interface RecognizeIdCardResponse {
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
  'idCard'?: (_clova_ocr_document_v1_IdCard | null);
  /**
   * Optional. CLOVA's whole answer parsed into a Struct, when include_raw_response was set.
   * Lossy: every number becomes a double (integers above 2^53 change), and it is left unset
   * when the answer nests deeper than 32 levels. Kept for compatibility; prefer
   * raw_response_json.
   */
  'rawResponse'?: (_google_protobuf_Struct | null);
  /**
   * Optional. CLOVA's whole answer as the exact bytes of the JSON body it sent (UTF-8), when
   * include_raw_response was set: lossless, at any depth. Use this one.
   */
  'rawResponseJson'?: (Buffer | Uint8Array | string);
}

/**
 * Response of RecognizeIdCard.
 */
export interface RecognizeIdCardResponse__Output {
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
  'idCard': (_clova_ocr_document_v1_IdCard__Output | null);
  /**
   * Optional. CLOVA's whole answer parsed into a Struct, when include_raw_response was set.
   * Lossy: every number becomes a double (integers above 2^53 change), and it is left unset
   * when the answer nests deeper than 32 levels. Kept for compatibility; prefer
   * raw_response_json.
   */
  'rawResponse': (_google_protobuf_Struct__Output | null);
  /**
   * Optional. CLOVA's whole answer as the exact bytes of the JSON body it sent (UTF-8), when
   * include_raw_response was set: lossless, at any depth. Use this one.
   */
  'rawResponseJson': (Buffer);
}
