// Original file: ../proto/clova/ocr/document/v1/medical_receipt.proto

import type { Checksum as _clova_ocr_document_v1_Checksum, Checksum__Output as _clova_ocr_document_v1_Checksum__Output } from '../../../../clova/ocr/document/v1/Checksum';

/**
 * Checksums of a Korean medical receipt. The reference lists "sumTreatmentCostEtc" twice; the
 * first row ("선택진료료 합계") is "sumTreatmentCost", as its example shows.
 */
export interface MedicalReceiptChecksums {
  /**
   * Optional. Sum paid by the patient (본인부담금 합계).
   */
  'sumPaidByPatient'?: (_clova_ocr_document_v1_Checksum | null);
  /**
   * Optional. Sum paid by the insurer (공단부담금 합계).
   */
  'sumPaidByInsurer'?: (_clova_ocr_document_v1_Checksum | null);
  /**
   * Optional. Sum paid in full by the patient (전액본인부담금 합계).
   */
  'sumPaidByPatientFull'?: (_clova_ocr_document_v1_Checksum | null);
  /**
   * Optional. Sum of selected treatment costs (선택진료료 합계).
   */
  'sumTreatmentCost'?: (_clova_ocr_document_v1_Checksum | null);
  /**
   * Optional. Sum of other treatment costs (선택진료료이외 합계).
   */
  'sumTreatmentCostEtc'?: (_clova_ocr_document_v1_Checksum | null);
  /**
   * Optional. Total amount check (총액확인).
   */
  'totalAmount'?: (_clova_ocr_document_v1_Checksum | null);
  /**
   * Optional. Amount paid by the patient (환자부담액).
   */
  'totalPaid'?: (_clova_ocr_document_v1_Checksum | null);
}

/**
 * Checksums of a Korean medical receipt. The reference lists "sumTreatmentCostEtc" twice; the
 * first row ("선택진료료 합계") is "sumTreatmentCost", as its example shows.
 */
export interface MedicalReceiptChecksums__Output {
  /**
   * Optional. Sum paid by the patient (본인부담금 합계).
   */
  'sumPaidByPatient': (_clova_ocr_document_v1_Checksum__Output | null);
  /**
   * Optional. Sum paid by the insurer (공단부담금 합계).
   */
  'sumPaidByInsurer': (_clova_ocr_document_v1_Checksum__Output | null);
  /**
   * Optional. Sum paid in full by the patient (전액본인부담금 합계).
   */
  'sumPaidByPatientFull': (_clova_ocr_document_v1_Checksum__Output | null);
  /**
   * Optional. Sum of selected treatment costs (선택진료료 합계).
   */
  'sumTreatmentCost': (_clova_ocr_document_v1_Checksum__Output | null);
  /**
   * Optional. Sum of other treatment costs (선택진료료이외 합계).
   */
  'sumTreatmentCostEtc': (_clova_ocr_document_v1_Checksum__Output | null);
  /**
   * Optional. Total amount check (총액확인).
   */
  'totalAmount': (_clova_ocr_document_v1_Checksum__Output | null);
  /**
   * Optional. Amount paid by the patient (환자부담액).
   */
  'totalPaid': (_clova_ocr_document_v1_Checksum__Output | null);
}
