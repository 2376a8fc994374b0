// Original file: ../proto/clova/ocr/document/v1/document_ocr_service.proto

import type { DocumentType as _clova_ocr_document_v1_DocumentType, DocumentType__Output as _clova_ocr_document_v1_DocumentType__Output } from '../../../../clova/ocr/document/v1/DocumentType';
import type { Image as _clova_ocr_document_v1_Image, Image__Output as _clova_ocr_document_v1_Image__Output } from '../../../../clova/ocr/document/v1/Image';

/**
 * Request of RecognizeDocument.
 */
export interface RecognizeDocumentRequest {
  /**
   * Required. Which document type (CLOVA domain) to read every page as.
   */
  'documentType'?: (_clova_ocr_document_v1_DocumentType);
  /**
   * Required. A single image, or a multi-page PDF or TIFF (at most the server's max document
   * size, 50 MiB and 100 pages by default).
   */
  'image'?: (_clova_ocr_document_v1_Image | null);
  /**
   * Optional. Id of the call, sent to CLOVA as requestId of every page and logged; a UUID is
   * generated when empty. At most 128 printable ASCII characters.
   */
  'requestId'?: (string);
  /**
   * Optional. Also return CLOVA's whole answer of each page as result.raw_response.
   */
  'includeRawResponse'?: (boolean);
  /**
   * Optional. 1-based numbers of the pages to read, without repeats; empty means every page.
   * A page beyond the document's last answers INVALID_ARGUMENT before any CLOVA call.
   */
  'pages'?: (number)[];
}

/**
 * Request of RecognizeDocument.
 */
export interface RecognizeDocumentRequest__Output {
  /**
   * Required. Which document type (CLOVA domain) to read every page as.
   */
  'documentType': (_clova_ocr_document_v1_DocumentType__Output);
  /**
   * Required. A single image, or a multi-page PDF or TIFF (at most the server's max document
   * size, 50 MiB and 100 pages by default).
   */
  'image': (_clova_ocr_document_v1_Image__Output | null);
  /**
   * Optional. Id of the call, sent to CLOVA as requestId of every page and logged; a UUID is
   * generated when empty. At most 128 printable ASCII characters.
   */
  'requestId': (string);
  /**
   * Optional. Also return CLOVA's whole answer of each page as result.raw_response.
   */
  'includeRawResponse': (boolean);
  /**
   * Optional. 1-based numbers of the pages to read, without repeats; empty means every page.
   * A page beyond the document's last answers INVALID_ARGUMENT before any CLOVA call.
   */
  'pages': (number)[];
}
