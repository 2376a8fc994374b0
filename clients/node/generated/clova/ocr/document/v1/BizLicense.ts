// Original file: ../proto/clova/ocr/document/v1/biz_license.proto

import type { Meta as _clova_ocr_document_v1_Meta, Meta__Output as _clova_ocr_document_v1_Meta__Output } from '../../../../clova/ocr/document/v1/Meta';
import type { BizLicenseResult as _clova_ocr_document_v1_BizLicenseResult, BizLicenseResult__Output as _clova_ocr_document_v1_BizLicenseResult__Output } from '../../../../clova/ocr/document/v1/BizLicenseResult';

/**
 * CLOVA's "bizLicense" object: the result of the business license domain.
 */
export interface BizLicense {
  /**
   * Optional. Meta information, e.g. the estimated language.
   */
  'meta'?: (_clova_ocr_document_v1_Meta | null);
  /**
   * Optional. Recognition result.
   */
  'result'?: (_clova_ocr_document_v1_BizLicenseResult | null);
}

/**
 * CLOVA's "bizLicense" object: the result of the business license domain.
 */
export interface BizLicense__Output {
  /**
   * Optional. Meta information, e.g. the estimated language.
   */
  'meta': (_clova_ocr_document_v1_Meta__Output | null);
  /**
   * Optional. Recognition result.
   */
  'result': (_clova_ocr_document_v1_BizLicenseResult__Output | null);
}
