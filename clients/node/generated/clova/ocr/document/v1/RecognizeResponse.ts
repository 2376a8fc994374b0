// Original file: ../proto/clova/ocr/document/v1/document_ocr_service.proto

import type { ResponseHeader as _clova_ocr_document_v1_ResponseHeader, ResponseHeader__Output as _clova_ocr_document_v1_ResponseHeader__Output } from '../../../../clova/ocr/document/v1/ResponseHeader';
import type { ImageInfo as _clova_ocr_document_v1_ImageInfo, ImageInfo__Output as _clova_ocr_document_v1_ImageInfo__Output } from '../../../../clova/ocr/document/v1/ImageInfo';
import type { Receipt as _clova_ocr_document_v1_Receipt, Receipt__Output as _clova_ocr_document_v1_Receipt__Output } from '../../../../clova/ocr/document/v1/Receipt';
import type { CreditCard as _clova_ocr_document_v1_CreditCard, CreditCard__Output as _clova_ocr_document_v1_CreditCard__Output } from '../../../../clova/ocr/document/v1/CreditCard';
import type { NameCard as _clova_ocr_document_v1_NameCard, NameCard__Output as _clova_ocr_document_v1_NameCard__Output } from '../../../../clova/ocr/document/v1/NameCard';
import type { BizLicense as _clova_ocr_document_v1_BizLicense, BizLicense__Output as _clova_ocr_document_v1_BizLicense__Output } from '../../../../clova/ocr/document/v1/BizLicense';
import type { IdCard as _clova_ocr_document_v1_IdCard, IdCard__Output as _clova_ocr_document_v1_IdCard__Output } from '../../../../clova/ocr/document/v1/IdCard';
import type { MedicalReceipt as _clova_ocr_document_v1_MedicalReceipt, MedicalReceipt__Output as _clova_ocr_document_v1_MedicalReceipt__Output } from '../../../../clova/ocr/document/v1/MedicalReceipt';
import type { Passport as _clova_ocr_document_v1_Passport, Passport__Output as _clova_ocr_document_v1_Passport__Output } from '../../../../clova/ocr/document/v1/Passport';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../../../google/protobuf/Struct';
import type { DocumentType as _clova_ocr_document_v1_DocumentType, DocumentType__Output as _clova_ocr_document_v1_DocumentType__Output } from '../../../../clova/ocr/document/v1/DocumentType';

/**
 * Response of Recognize.
 */
export interface RecognizeResponse {
  /**
   * Required. Call-level fields of CLOVA's answer.
   */
  'header'?: (_clova_ocr_document_v1_ResponseHeader | null);
  /**
   * Required. The per-image envelope (uid, name, inferResult, ...).
   */
  'image'?: (_clova_ocr_document_v1_ImageInfo | null);
  /**
   * Result of a receipt.
   */
  'receipt'?: (_clova_ocr_document_v1_Receipt | null);
  /**
   * Result of a credit card.
   */
  'creditCard'?: (_clova_ocr_document_v1_CreditCard | null);
  /**
   * Result of a name card.
   */
  'nameCard'?: (_clova_ocr_document_v1_NameCard | null);
  /**
   * Result of a business license.
   */
  'bizLicense'?: (_clova_ocr_document_v1_BizLicense | null);
  /**
   * Result of an identity document.
   */
  'idCard'?: (_clova_ocr_document_v1_IdCard | null);
  /**
   * Result of a medical receipt.
   */
  'medicalReceipt'?: (_clova_ocr_document_v1_MedicalReceipt | null);
  /**
   * Result of a passport.
   */
  'passport'?: (_clova_ocr_document_v1_Passport | null);
  /**
   * Optional. CLOVA's whole answer parsed into a Struct, when include_raw_response was set.
   * Lossy: every number becomes a double (integers above 2^53 change), and it is left unset
   * when the answer nests deeper than 32 levels. Kept for compatibility; prefer
   * raw_response_json.
   */
  'rawResponse'?: (_google_protobuf_Struct | null);
  /**
   * Required. The document type that was read.
   */
  'documentType'?: (_clova_ocr_document_v1_DocumentType);
  /**
   * Optional. CLOVA's whole answer as the exact bytes of the JSON body it sent (UTF-8), when
   * include_raw_response was set: lossless, at any depth. Use this one.
   */
  'rawResponseJson'?: (Buffer | Uint8Array | string);
  /**
   * Optional. The recognition result, of the requested document type; absent when CLOVA sent
   * none.
   */
  'result'?: "receipt"|"creditCard"|"nameCard"|"bizLicense"|"idCard"|"medicalReceipt"|"passport";
}

/**
 * Response of Recognize.
 */
export interface RecognizeResponse__Output {
  /**
   * Required. Call-level fields of CLOVA's answer.
   */
  'header': (_clova_ocr_document_v1_ResponseHeader__Output | null);
  /**
   * Required. The per-image envelope (uid, name, inferResult, ...).
   */
  'image': (_clova_ocr_document_v1_ImageInfo__Output | null);
  /**
   * Result of a receipt.
   */
  'receipt'?: (_clova_ocr_document_v1_Receipt__Output | null);
  /**
   * Result of a credit card.
   */
  'creditCard'?: (_clova_ocr_document_v1_CreditCard__Output | null);
  /**
   * Result of a name card.
   */
  'nameCard'?: (_clova_ocr_document_v1_NameCard__Output | null);
  /**
   * Result of a business license.
   */
  'bizLicense'?: (_clova_ocr_document_v1_BizLicense__Output | null);
  /**
   * Result of an identity document.
   */
  'idCard'?: (_clova_ocr_document_v1_IdCard__Output | null);
  /**
   * Result of a medical receipt.
   */
  'medicalReceipt'?: (_clova_ocr_document_v1_MedicalReceipt__Output | null);
  /**
   * Result of a passport.
   */
  'passport'?: (_clova_ocr_document_v1_Passport__Output | null);
  /**
   * Optional. CLOVA's whole answer parsed into a Struct, when include_raw_response was set.
   * Lossy: every number becomes a double (integers above 2^53 change), and it is left unset
   * when the answer nests deeper than 32 levels. Kept for compatibility; prefer
   * raw_response_json.
   */
  'rawResponse': (_google_protobuf_Struct__Output | null);
  /**
   * Required. The document type that was read.
   */
  'documentType': (_clova_ocr_document_v1_DocumentType__Output);
  /**
   * Optional. CLOVA's whole answer as the exact bytes of the JSON body it sent (UTF-8), when
   * include_raw_response was set: lossless, at any depth. Use this one.
   */
  'rawResponseJson': (Buffer);
  /**
   * Optional. The recognition result, of the requested document type; absent when CLOVA sent
   * none.
   */
  'result'?: "receipt"|"creditCard"|"nameCard"|"bizLicense"|"idCard"|"medicalReceipt"|"passport";
}
