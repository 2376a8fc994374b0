// Original file: ../proto/clova/ocr/document/v1/passport.proto

import type { PassportResult as _clova_ocr_document_v1_PassportResult, PassportResult__Output as _clova_ocr_document_v1_PassportResult__Output } from '../../../../clova/ocr/document/v1/PassportResult';

/**
 * CLOVA's "passport" object: the result of the passport (MRZ) domain.
 */
export interface Passport {
  /**
   * Optional. What was read from the machine readable zone. The reference writes the key with a
   * leading space (" passportResult"); both spellings are read.
   */
  'passportResult'?: (_clova_ocr_document_v1_PassportResult | null);
}

/**
 * CLOVA's "passport" object: the result of the passport (MRZ) domain.
 */
export interface Passport__Output {
  /**
   * Optional. What was read from the machine readable zone. The reference writes the key with a
   * leading space (" passportResult"); both spellings are read.
   */
  'passportResult': (_clova_ocr_document_v1_PassportResult__Output | null);
}
