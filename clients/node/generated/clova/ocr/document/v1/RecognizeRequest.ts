// Original file: ../proto/clova/ocr/document/v1/document_ocr_service.proto

import type { DocumentType as _clova_ocr_document_v1_DocumentType, DocumentType__Output as _clova_ocr_document_v1_DocumentType__Output } from '../../../../clova/ocr/document/v1/DocumentType';
import type { Image as _clova_ocr_document_v1_Image, Image__Output as _clova_ocr_document_v1_Image__Output } from '../../../../clova/ocr/document/v1/Image';

/**
 * Request of Recognize.
 */
export interface RecognizeRequest {
  /**
   * Required. Which document type (CLOVA domain) to read the image as.
   */
  'documentType'?: (_clova_ocr_document_v1_DocumentType);
  /**
   * Required. The image.
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
 * Request of Recognize.
 */
export interface RecognizeRequest__Output {
  /**
   * Required. Which document type (CLOVA domain) to read the image as.
   */
  'documentType': (_clova_ocr_document_v1_DocumentType__Output);
  /**
   * Required. The image.
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
