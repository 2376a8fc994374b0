// Original file: ../proto/clova/ocr/document/v1/document_ocr_service.proto

import type { ResponseHeader as _clova_ocr_document_v1_ResponseHeader, ResponseHeader__Output as _clova_ocr_document_v1_ResponseHeader__Output } from '../../../../clova/ocr/document/v1/ResponseHeader';
import type { ImageInfo as _clova_ocr_document_v1_ImageInfo, ImageInfo__Output as _clova_ocr_document_v1_ImageInfo__Output } from '../../../../clova/ocr/document/v1/ImageInfo';
import type { MedicalReceipt as _clova_ocr_document_v1_MedicalReceipt, MedicalReceipt__Output as _clova_ocr_document_v1_MedicalReceipt__Output } from '../../../../clova/ocr/document/v1/MedicalReceipt';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../../../google/protobuf/Struct';

/**
 * Response of RecognizeMedicalReceipt.
 */
export interface RecognizeMedicalReceiptResponse {
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
  'medicalReceipt'?: (_clova_ocr_document_v1_MedicalReceipt | null);
  /**
   * Optional. CLOVA's whole answer, when include_raw_response was set.
   */
  'rawResponse'?: (_google_protobuf_Struct | null);
}

/**
 * Response of RecognizeMedicalReceipt.
 */
export interface RecognizeMedicalReceiptResponse__Output {
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
  'medicalReceipt': (_clova_ocr_document_v1_MedicalReceipt__Output | null);
  /**
   * Optional. CLOVA's whole answer, when include_raw_response was set.
   */
  'rawResponse': (_google_protobuf_Struct__Output | null);
}
