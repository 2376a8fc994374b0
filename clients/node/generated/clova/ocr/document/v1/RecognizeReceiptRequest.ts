// Original file: ../proto/clova/ocr/document/v1/document_ocr_service.proto

import type { Image as _clova_ocr_document_v1_Image, Image__Output as _clova_ocr_document_v1_Image__Output } from '../../../../clova/ocr/document/v1/Image';

/**
 * Request of RecognizeReceipt.
 */
export interface RecognizeReceiptRequest {
  /**
   * Required. The receipt image.
   */
  'image'?: (_clova_ocr_document_v1_Image | null);
  /**
   * Optional. Id of the call, sent to CLOVA as requestId and logged; a UUID is generated when
   * empty. At most 128 printable ASCII characters.
   */
  'requestId'?: (string);
  /**
   * Optional. Also return CLOVA's whole answer (keeps fields added later): exactly as sent in
   * raw_response_json, and parsed into raw_response for older callers.
   */
  'includeRawResponse'?: (boolean);
}

/**
 * Request of RecognizeReceipt.
 */
export interface RecognizeReceiptRequest__Output {
  /**
   * Required. The receipt image.
   */
  'image': (_clova_ocr_document_v1_Image__Output | null);
  /**
   * Optional. Id of the call, sent to CLOVA as requestId and logged; a UUID is generated when
   * empty. At most 128 printable ASCII characters.
   */
  'requestId': (string);
  /**
   * Optional. Also return CLOVA's whole answer (keeps fields added later): exactly as sent in
   * raw_response_json, and parsed into raw_response for older callers.
   */
  'includeRawResponse': (boolean);
}
