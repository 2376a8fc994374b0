// Original file: ../proto/clova/ocr/document/v1/document_ocr_service.proto

import type { Status as _google_rpc_Status, Status__Output as _google_rpc_Status__Output } from '../../../../google/rpc/Status';
import type { RecognizeResponse as _clova_ocr_document_v1_RecognizeResponse, RecognizeResponse__Output as _clova_ocr_document_v1_RecognizeResponse__Output } from '../../../../clova/ocr/document/v1/RecognizeResponse';

/**
 * One page of RecognizeDocument's response stream.
 */
export interface RecognizeDocumentResponse {
  /**
   * Required. 1-based number of the page in the document.
   */
  'pageNumber'?: (number);
  /**
   * Required. Number of pages of the whole document, also when pages selects fewer.
   */
  'pageCount'?: (number);
  /**
   * Required. The page's outcome: code 0 on success, else the code, message and details
   * (ErrorInfo, RetryInfo, ...) the unary Recognize RPC answers for that failure.
   */
  'status'?: (_google_rpc_Status | null);
  /**
   * Optional. The page's result; set when status is OK.
   */
  'result'?: (_clova_ocr_document_v1_RecognizeResponse | null);
}

/**
 * One page of RecognizeDocument's response stream.
 */
export interface RecognizeDocumentResponse__Output {
  /**
   * Required. 1-based number of the page in the document.
   */
  'pageNumber': (number);
  /**
   * Required. Number of pages of the whole document, also when pages selects fewer.
   */
  'pageCount': (number);
  /**
   * Required. The page's outcome: code 0 on success, else the code, message and details
   * (ErrorInfo, RetryInfo, ...) the unary Recognize RPC answers for that failure.
   */
  'status': (_google_rpc_Status__Output | null);
  /**
   * Optional. The page's result; set when status is OK.
   */
  'result': (_clova_ocr_document_v1_RecognizeResponse__Output | null);
}
