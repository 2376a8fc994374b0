// Original file: ../proto/clova/ocr/document/v1/document_ocr_service.proto

import type { DocumentType as _clova_ocr_document_v1_DocumentType, DocumentType__Output as _clova_ocr_document_v1_DocumentType__Output } from '../../../../clova/ocr/document/v1/DocumentType';
import type { Image as _clova_ocr_document_v1_Image, Image__Output as _clova_ocr_document_v1_Image__Output } from '../../../../clova/ocr/document/v1/Image';

/**
 * One document of a BatchRecognize request stream.
 */
export interface BatchRecognizeRequest {
  /**
   * Required. The caller's id of this item, unique within the stream; echoed in every response
   * of the item. A repeated id fails that item with INVALID_ARGUMENT.
   */
  'itemId'?: (string);
  /**
   * Required. Which document type (CLOVA domain) to read the item as.
   */
  'documentType'?: (_clova_ocr_document_v1_DocumentType);
  /**
   * Required. A single image, or a multi-page PDF or TIFF.
   */
  'image'?: (_clova_ocr_document_v1_Image | null);
  /**
   * Optional. Id of the item, sent to CLOVA as requestId of each of its pages; a UUID is
   * generated when empty. At most 128 printable ASCII characters.
   */
  'requestId'?: (string);
  /**
   * Optional. Also return CLOVA's whole answer of each page as result.raw_response.
   */
  'includeRawResponse'?: (boolean);
  /**
   * Optional. 1-based numbers of the item's pages to read; empty means every page.
   */
  'pages'?: (number)[];
}

/**
 * One document of a BatchRecognize request stream.
 */
export interface BatchRecognizeRequest__Output {
  /**
   * Required. The caller's id of this item, unique within the stream; echoed in every response
   * of the item. A repeated id fails that item with INVALID_ARGUMENT.
   */
  'itemId': (string);
  /**
   * Required. Which document type (CLOVA domain) to read the item as.
   */
  'documentType': (_clova_ocr_document_v1_DocumentType__Output);
  /**
   * Required. A single image, or a multi-page PDF or TIFF.
   */
  'image': (_clova_ocr_document_v1_Image__Output | null);
  /**
   * Optional. Id of the item, sent to CLOVA as requestId of each of its pages; a UUID is
   * generated when empty. At most 128 printable ASCII characters.
   */
  'requestId': (string);
  /**
   * Optional. Also return CLOVA's whole answer of each page as result.raw_response.
   */
  'includeRawResponse': (boolean);
  /**
   * Optional. 1-based numbers of the item's pages to read; empty means every page.
   */
  'pages': (number)[];
}
