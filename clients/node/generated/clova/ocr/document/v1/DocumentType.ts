// Original file: ../proto/clova/ocr/document/v1/document_ocr_service.proto

/**
 * The document types (CLOVA domains) the gateway reads.
 */
export const DocumentType = {
  /**
   * Not given; Recognize answers INVALID_ARGUMENT.
   */
  DOCUMENT_TYPE_UNSPECIFIED: 'DOCUMENT_TYPE_UNSPECIFIED',
  /**
   * Receipt (/document/receipt).
   */
  DOCUMENT_TYPE_RECEIPT: 'DOCUMENT_TYPE_RECEIPT',
  /**
   * Credit card (/document/credit-card).
   */
  DOCUMENT_TYPE_CREDIT_CARD: 'DOCUMENT_TYPE_CREDIT_CARD',
  /**
   * Name card (/document/name-card).
   */
  DOCUMENT_TYPE_NAME_CARD: 'DOCUMENT_TYPE_NAME_CARD',
  /**
   * Business license (/document/biz-license).
   */
  DOCUMENT_TYPE_BIZ_LICENSE: 'DOCUMENT_TYPE_BIZ_LICENSE',
  /**
   * ID card, driver's license, passport or alien registration card (/document/id-card).
   */
  DOCUMENT_TYPE_ID_CARD: 'DOCUMENT_TYPE_ID_CARD',
  /**
   * Medical receipt (/document/medical-receipt).
   */
  DOCUMENT_TYPE_MEDICAL_RECEIPT: 'DOCUMENT_TYPE_MEDICAL_RECEIPT',
  /**
   * Passport MRZ (/document/passport).
   */
  DOCUMENT_TYPE_PASSPORT: 'DOCUMENT_TYPE_PASSPORT',
} as const;

/**
 * The document types (CLOVA domains) the gateway reads.
 */
export type DocumentType =
  /**
   * Not given; Recognize answers INVALID_ARGUMENT.
   */
  | 'DOCUMENT_TYPE_UNSPECIFIED'
  | 0
  /**
   * Receipt (/document/receipt).
   */
  | 'DOCUMENT_TYPE_RECEIPT'
  | 1
  /**
   * Credit card (/document/credit-card).
   */
  | 'DOCUMENT_TYPE_CREDIT_CARD'
  | 2
  /**
   * Name card (/document/name-card).
   */
  | 'DOCUMENT_TYPE_NAME_CARD'
  | 3
  /**
   * Business license (/document/biz-license).
   */
  | 'DOCUMENT_TYPE_BIZ_LICENSE'
  | 4
  /**
   * ID card, driver's license, passport or alien registration card (/document/id-card).
   */
  | 'DOCUMENT_TYPE_ID_CARD'
  | 5
  /**
   * Medical receipt (/document/medical-receipt).
   */
  | 'DOCUMENT_TYPE_MEDICAL_RECEIPT'
  | 6
  /**
   * Passport MRZ (/document/passport).
   */
  | 'DOCUMENT_TYPE_PASSPORT'
  | 7

/**
 * The document types (CLOVA domains) the gateway reads.
 */
export type DocumentType__Output = typeof DocumentType[keyof typeof DocumentType]
