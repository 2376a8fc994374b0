// Original file: ../proto/clova/ocr/document/v1/document_ocr_service.proto

import type { Status as _google_rpc_Status, Status__Output as _google_rpc_Status__Output } from '../../../../google/rpc/Status';
import type { RecognizeResponse as _clova_ocr_document_v1_RecognizeResponse, RecognizeResponse__Output as _clova_ocr_document_v1_RecognizeResponse__Output } from '../../../../clova/ocr/document/v1/RecognizeResponse';

/**
 * One page (or one failed item) of BatchRecognize's response stream.
 */
export interface BatchRecognizeResponse {
  /**
   * Required. The item_id of the request this answers.
   */
  'itemId'?: (string);
  /**
   * Required. 1-based number of the page in the item; 0 when the item failed as a whole
   * (unreadable file, page out of range, repeated item_id), with the error in status.
   */
  'pageNumber'?: (number);
  /**
   * Required. Number of pages of the item's whole document; 0 when it could not be read.
   */
  'pageCount'?: (number);
  /**
   * Required. The page's (or the item's) outcome: code 0 on success, else the code, message and
   * details the unary Recognize RPC answers for that failure.
   */
  'status'?: (_google_rpc_Status | null);
  /**
   * Optional. The page's result; set when status is OK.
   */
  'result'?: (_clova_ocr_document_v1_RecognizeResponse | null);
}

/**
 * One page (or one failed item) of BatchRecognize's response stream.
 */
export interface BatchRecognizeResponse__Output {
  /**
   * Required. The item_id of the request this answers.
   */
  'itemId': (string);
  /**
   * Required. 1-based number of the page in the item; 0 when the item failed as a whole
   * (unreadable file, page out of range, repeated item_id), with the error in status.
   */
  'pageNumber': (number);
  /**
   * Required. Number of pages of the item's whole document; 0 when it could not be read.
   */
  'pageCount': (number);
  /**
   * Required. The page's (or the item's) outcome: code 0 on success, else the code, message and
   * details the unary Recognize RPC answers for that failure.
   */
  'status': (_google_rpc_Status__Output | null);
  /**
   * Optional. The page's result; set when status is OK.
   */
  'result': (_clova_ocr_document_v1_RecognizeResponse__Output | null);
}
