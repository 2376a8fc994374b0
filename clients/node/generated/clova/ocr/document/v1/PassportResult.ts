// Original file: ../proto/clova/ocr/document/v1/passport.proto

import type { MrzString as _clova_ocr_document_v1_MrzString, MrzString__Output as _clova_ocr_document_v1_MrzString__Output } from '../../../../clova/ocr/document/v1/MrzString';
import type { MrzInt as _clova_ocr_document_v1_MrzInt, MrzInt__Output as _clova_ocr_document_v1_MrzInt__Output } from '../../../../clova/ocr/document/v1/MrzInt';
import type { MrzBool as _clova_ocr_document_v1_MrzBool, MrzBool__Output as _clova_ocr_document_v1_MrzBool__Output } from '../../../../clova/ocr/document/v1/MrzBool';

/**
 * The twenty MRZ items of a passport.
 */
export interface PassportResult {
  /**
   * Optional. Document code, e.g. "P" for passport.
   */
  'documentClassCode'?: (_clova_ocr_document_v1_MrzString | null);
  /**
   * Optional. Issuing state.
   */
  'issuingStateCode'?: (_clova_ocr_document_v1_MrzString | null);
  /**
   * Optional. First name.
   */
  'firstName'?: (_clova_ocr_document_v1_MrzString | null);
  /**
   * Optional. Last name, first part.
   */
  'lastName1'?: (_clova_ocr_document_v1_MrzString | null);
  /**
   * Optional. Last name, second part.
   */
  'lastName2'?: (_clova_ocr_document_v1_MrzString | null);
  /**
   * Optional. Passport number.
   */
  'documentNumber'?: (_clova_ocr_document_v1_MrzString | null);
  /**
   * Optional. Check digit of the passport number.
   */
  'checkDigitForDocumentNumber'?: (_clova_ocr_document_v1_MrzString | null);
  /**
   * Optional. Nationality.
   */
  'nationality'?: (_clova_ocr_document_v1_MrzString | null);
  /**
   * Optional. Date of birth.
   */
  'dateOfBirth'?: (_clova_ocr_document_v1_MrzString | null);
  /**
   * Optional. Age in years.
   */
  'age'?: (_clova_ocr_document_v1_MrzInt | null);
  /**
   * Optional. Check digit of the date of birth.
   */
  'checkDigitForDateOfBirth'?: (_clova_ocr_document_v1_MrzString | null);
  /**
   * Optional. Gender.
   */
  'gender'?: (_clova_ocr_document_v1_MrzString | null);
  /**
   * Optional. Date of expiry.
   */
  'dateOfExpiry'?: (_clova_ocr_document_v1_MrzString | null);
  /**
   * Optional. Check digit of the date of expiry.
   */
  'checkDigitForDateOfExpiry'?: (_clova_ocr_document_v1_MrzString | null);
  /**
   * Optional. Personal number.
   */
  'personalNumber'?: (_clova_ocr_document_v1_MrzString | null);
  /**
   * Optional. Check digit of the personal number.
   */
  'checkDigitForPersonalNumber'?: (_clova_ocr_document_v1_MrzString | null);
  /**
   * Optional. Final (composite) check digit.
   */
  'finalCheckDigit'?: (_clova_ocr_document_v1_MrzString | null);
  /**
   * Optional. Type of MRZ, e.g. "ID-3".
   */
  'mrzType'?: (_clova_ocr_document_v1_MrzString | null);
  /**
   * Optional. Text of the MRZ lines.
   */
  'mrzLines'?: (_clova_ocr_document_v1_MrzString | null);
  /**
   * Optional. Whether the passport has expired.
   */
  'isExpired'?: (_clova_ocr_document_v1_MrzBool | null);
}

/**
 * The twenty MRZ items of a passport.
 */
export interface PassportResult__Output {
  /**
   * Optional. Document code, e.g. "P" for passport.
   */
  'documentClassCode': (_clova_ocr_document_v1_MrzString__Output | null);
  /**
   * Optional. Issuing state.
   */
  'issuingStateCode': (_clova_ocr_document_v1_MrzString__Output | null);
  /**
   * Optional. First name.
   */
  'firstName': (_clova_ocr_document_v1_MrzString__Output | null);
  /**
   * Optional. Last name, first part.
   */
  'lastName1': (_clova_ocr_document_v1_MrzString__Output | null);
  /**
   * Optional. Last name, second part.
   */
  'lastName2': (_clova_ocr_document_v1_MrzString__Output | null);
  /**
   * Optional. Passport number.
   */
  'documentNumber': (_clova_ocr_document_v1_MrzString__Output | null);
  /**
   * Optional. Check digit of the passport number.
   */
  'checkDigitForDocumentNumber': (_clova_ocr_document_v1_MrzString__Output | null);
  /**
   * Optional. Nationality.
   */
  'nationality': (_clova_ocr_document_v1_MrzString__Output | null);
  /**
   * Optional. Date of birth.
   */
  'dateOfBirth': (_clova_ocr_document_v1_MrzString__Output | null);
  /**
   * Optional. Age in years.
   */
  'age': (_clova_ocr_document_v1_MrzInt__Output | null);
  /**
   * Optional. Check digit of the date of birth.
   */
  'checkDigitForDateOfBirth': (_clova_ocr_document_v1_MrzString__Output | null);
  /**
   * Optional. Gender.
   */
  'gender': (_clova_ocr_document_v1_MrzString__Output | null);
  /**
   * Optional. Date of expiry.
   */
  'dateOfExpiry': (_clova_ocr_document_v1_MrzString__Output | null);
  /**
   * Optional. Check digit of the date of expiry.
   */
  'checkDigitForDateOfExpiry': (_clova_ocr_document_v1_MrzString__Output | null);
  /**
   * Optional. Personal number.
   */
  'personalNumber': (_clova_ocr_document_v1_MrzString__Output | null);
  /**
   * Optional. Check digit of the personal number.
   */
  'checkDigitForPersonalNumber': (_clova_ocr_document_v1_MrzString__Output | null);
  /**
   * Optional. Final (composite) check digit.
   */
  'finalCheckDigit': (_clova_ocr_document_v1_MrzString__Output | null);
  /**
   * Optional. Type of MRZ, e.g. "ID-3".
   */
  'mrzType': (_clova_ocr_document_v1_MrzString__Output | null);
  /**
   * Optional. Text of the MRZ lines.
   */
  'mrzLines': (_clova_ocr_document_v1_MrzString__Output | null);
  /**
   * Optional. Whether the passport has expired.
   */
  'isExpired': (_clova_ocr_document_v1_MrzBool__Output | null);
}
