// Original file: ../proto/clova/ocr/document/v1/medical_receipt.proto

import type { Meta as _clova_ocr_document_v1_Meta, Meta__Output as _clova_ocr_document_v1_Meta__Output } from '../../../../clova/ocr/document/v1/Meta';
import type { MedicalReceiptChecksums as _clova_ocr_document_v1_MedicalReceiptChecksums, MedicalReceiptChecksums__Output as _clova_ocr_document_v1_MedicalReceiptChecksums__Output } from '../../../../clova/ocr/document/v1/MedicalReceiptChecksums';
import type { MedicalReceiptResult as _clova_ocr_document_v1_MedicalReceiptResult, MedicalReceiptResult__Output as _clova_ocr_document_v1_MedicalReceiptResult__Output } from '../../../../clova/ocr/document/v1/MedicalReceiptResult';

/**
 * CLOVA's "medicalReceipt" object: the result of the medical receipt domain.
 */
export interface MedicalReceipt {
  /**
   * Optional. Meta information (not in the reference for this domain; kept when sent).
   */
  'meta'?: (_clova_ocr_document_v1_Meta | null);
  /**
   * Optional. Checksums of the amounts.
   */
  'checksum'?: (_clova_ocr_document_v1_MedicalReceiptChecksums | null);
  /**
   * Optional. Value cells found in the receipt's table.
   */
  'result'?: (_clova_ocr_document_v1_MedicalReceiptResult)[];
}

/**
 * CLOVA's "medicalReceipt" object: the result of the medical receipt domain.
 */
export interface MedicalReceipt__Output {
  /**
   * Optional. Meta information (not in the reference for this domain; kept when sent).
   */
  'meta': (_clova_ocr_document_v1_Meta__Output | null);
  /**
   * Optional. Checksums of the amounts.
   */
  'checksum': (_clova_ocr_document_v1_MedicalReceiptChecksums__Output | null);
  /**
   * Optional. Value cells found in the receipt's table.
   */
  'result': (_clova_ocr_document_v1_MedicalReceiptResult__Output)[];
}
