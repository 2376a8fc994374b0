// Original file: ../proto/clova/ocr/document/v1/document_ocr_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { BatchRecognizeRequest as _clova_ocr_document_v1_BatchRecognizeRequest, BatchRecognizeRequest__Output as _clova_ocr_document_v1_BatchRecognizeRequest__Output } from '../../../../clova/ocr/document/v1/BatchRecognizeRequest';
import type { BatchRecognizeResponse as _clova_ocr_document_v1_BatchRecognizeResponse, BatchRecognizeResponse__Output as _clova_ocr_document_v1_BatchRecognizeResponse__Output } from '../../../../clova/ocr/document/v1/BatchRecognizeResponse';
import type { RecognizeBusinessLicenseRequest as _clova_ocr_document_v1_RecognizeBusinessLicenseRequest, RecognizeBusinessLicenseRequest__Output as _clova_ocr_document_v1_RecognizeBusinessLicenseRequest__Output } from '../../../../clova/ocr/document/v1/RecognizeBusinessLicenseRequest';
import type { RecognizeBusinessLicenseResponse as _clova_ocr_document_v1_RecognizeBusinessLicenseResponse, RecognizeBusinessLicenseResponse__Output as _clova_ocr_document_v1_RecognizeBusinessLicenseResponse__Output } from '../../../../clova/ocr/document/v1/RecognizeBusinessLicenseResponse';
import type { RecognizeCreditCardRequest as _clova_ocr_document_v1_RecognizeCreditCardRequest, RecognizeCreditCardRequest__Output as _clova_ocr_document_v1_RecognizeCreditCardRequest__Output } from '../../../../clova/ocr/document/v1/RecognizeCreditCardRequest';
import type { RecognizeCreditCardResponse as _clova_ocr_document_v1_RecognizeCreditCardResponse, RecognizeCreditCardResponse__Output as _clova_ocr_document_v1_RecognizeCreditCardResponse__Output } from '../../../../clova/ocr/document/v1/RecognizeCreditCardResponse';
import type { RecognizeDocumentRequest as _clova_ocr_document_v1_RecognizeDocumentRequest, RecognizeDocumentRequest__Output as _clova_ocr_document_v1_RecognizeDocumentRequest__Output } from '../../../../clova/ocr/document/v1/RecognizeDocumentRequest';
import type { RecognizeDocumentResponse as _clova_ocr_document_v1_RecognizeDocumentResponse, RecognizeDocumentResponse__Output as _clova_ocr_document_v1_RecognizeDocumentResponse__Output } from '../../../../clova/ocr/document/v1/RecognizeDocumentResponse';
import type { RecognizeIdCardRequest as _clova_ocr_document_v1_RecognizeIdCardRequest, RecognizeIdCardRequest__Output as _clova_ocr_document_v1_RecognizeIdCardRequest__Output } from '../../../../clova/ocr/document/v1/RecognizeIdCardRequest';
import type { RecognizeIdCardResponse as _clova_ocr_document_v1_RecognizeIdCardResponse, RecognizeIdCardResponse__Output as _clova_ocr_document_v1_RecognizeIdCardResponse__Output } from '../../../../clova/ocr/document/v1/RecognizeIdCardResponse';
import type { RecognizeMedicalReceiptRequest as _clova_ocr_document_v1_RecognizeMedicalReceiptRequest, RecognizeMedicalReceiptRequest__Output as _clova_ocr_document_v1_RecognizeMedicalReceiptRequest__Output } from '../../../../clova/ocr/document/v1/RecognizeMedicalReceiptRequest';
import type { RecognizeMedicalReceiptResponse as _clova_ocr_document_v1_RecognizeMedicalReceiptResponse, RecognizeMedicalReceiptResponse__Output as _clova_ocr_document_v1_RecognizeMedicalReceiptResponse__Output } from '../../../../clova/ocr/document/v1/RecognizeMedicalReceiptResponse';
import type { RecognizeNameCardRequest as _clova_ocr_document_v1_RecognizeNameCardRequest, RecognizeNameCardRequest__Output as _clova_ocr_document_v1_RecognizeNameCardRequest__Output } from '../../../../clova/ocr/document/v1/RecognizeNameCardRequest';
import type { RecognizeNameCardResponse as _clova_ocr_document_v1_RecognizeNameCardResponse, RecognizeNameCardResponse__Output as _clova_ocr_document_v1_RecognizeNameCardResponse__Output } from '../../../../clova/ocr/document/v1/RecognizeNameCardResponse';
import type { RecognizePassportRequest as _clova_ocr_document_v1_RecognizePassportRequest, RecognizePassportRequest__Output as _clova_ocr_document_v1_RecognizePassportRequest__Output } from '../../../../clova/ocr/document/v1/RecognizePassportRequest';
import type { RecognizePassportResponse as _clova_ocr_document_v1_RecognizePassportResponse, RecognizePassportResponse__Output as _clova_ocr_document_v1_RecognizePassportResponse__Output } from '../../../../clova/ocr/document/v1/RecognizePassportResponse';
import type { RecognizeReceiptRequest as _clova_ocr_document_v1_RecognizeReceiptRequest, RecognizeReceiptRequest__Output as _clova_ocr_document_v1_RecognizeReceiptRequest__Output } from '../../../../clova/ocr/document/v1/RecognizeReceiptRequest';
import type { RecognizeReceiptResponse as _clova_ocr_document_v1_RecognizeReceiptResponse, RecognizeReceiptResponse__Output as _clova_ocr_document_v1_RecognizeReceiptResponse__Output } from '../../../../clova/ocr/document/v1/RecognizeReceiptResponse';
import type { RecognizeRequest as _clova_ocr_document_v1_RecognizeRequest, RecognizeRequest__Output as _clova_ocr_document_v1_RecognizeRequest__Output } from '../../../../clova/ocr/document/v1/RecognizeRequest';
import type { RecognizeResponse as _clova_ocr_document_v1_RecognizeResponse, RecognizeResponse__Output as _clova_ocr_document_v1_RecognizeResponse__Output } from '../../../../clova/ocr/document/v1/RecognizeResponse';

/**
 * Reads documents with NAVER CLOVA OCR's Document API and answers with typed results.
 * 
 * Errors are google.rpc.Status with exactly one google.rpc.ErrorInfo (domain
 * "clova-ocr-gateway", reason in UPPER_SNAKE_CASE, metadata with the CLOVA code and HTTP status),
 * RetryInfo when a retry may succeed, QuotaFailure for quota and rate limits, BadRequest for
 * invalid input, and ClovaError with the vendor's own error body when CLOVA answered one.
 */
export interface DocumentOcrServiceClient extends grpc.Client {
  /**
   * Recognizes a stream of documents (each one image or a multi-page PDF or TIFF). Responses
   * are streamed per page as pages finish, in any order, each with the item_id of its request;
   * the server reads requests only as fast as it can admit them. The response stream ends once
   * the client has half-closed and every item is answered.
   */
  BatchRecognize(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_clova_ocr_document_v1_BatchRecognizeRequest, _clova_ocr_document_v1_BatchRecognizeResponse__Output>;
  BatchRecognize(options?: grpc.CallOptions): grpc.ClientDuplexStream<_clova_ocr_document_v1_BatchRecognizeRequest, _clova_ocr_document_v1_BatchRecognizeResponse__Output>;
  /**
   * Recognizes a stream of documents (each one image or a multi-page PDF or TIFF). Responses
   * are streamed per page as pages finish, in any order, each with the item_id of its request;
   * the server reads requests only as fast as it can admit them. The response stream ends once
   * the client has half-closed and every item is answered.
   */
  batchRecognize(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_clova_ocr_document_v1_BatchRecognizeRequest, _clova_ocr_document_v1_BatchRecognizeResponse__Output>;
  batchRecognize(options?: grpc.CallOptions): grpc.ClientDuplexStream<_clova_ocr_document_v1_BatchRecognizeRequest, _clova_ocr_document_v1_BatchRecognizeResponse__Output>;
  
  /**
   * Recognizes a document of the type the request names.
   */
  Recognize(argument: _clova_ocr_document_v1_RecognizeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeResponse__Output>): grpc.ClientUnaryCall;
  Recognize(argument: _clova_ocr_document_v1_RecognizeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeResponse__Output>): grpc.ClientUnaryCall;
  Recognize(argument: _clova_ocr_document_v1_RecognizeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeResponse__Output>): grpc.ClientUnaryCall;
  Recognize(argument: _clova_ocr_document_v1_RecognizeRequest, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Recognizes a document of the type the request names.
   */
  recognize(argument: _clova_ocr_document_v1_RecognizeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeResponse__Output>): grpc.ClientUnaryCall;
  recognize(argument: _clova_ocr_document_v1_RecognizeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeResponse__Output>): grpc.ClientUnaryCall;
  recognize(argument: _clova_ocr_document_v1_RecognizeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeResponse__Output>): grpc.ClientUnaryCall;
  recognize(argument: _clova_ocr_document_v1_RecognizeRequest, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Recognizes a Korean business registration certificate.
   */
  RecognizeBusinessLicense(argument: _clova_ocr_document_v1_RecognizeBusinessLicenseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeBusinessLicenseResponse__Output>): grpc.ClientUnaryCall;
  RecognizeBusinessLicense(argument: _clova_ocr_document_v1_RecognizeBusinessLicenseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeBusinessLicenseResponse__Output>): grpc.ClientUnaryCall;
  RecognizeBusinessLicense(argument: _clova_ocr_document_v1_RecognizeBusinessLicenseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeBusinessLicenseResponse__Output>): grpc.ClientUnaryCall;
  RecognizeBusinessLicense(argument: _clova_ocr_document_v1_RecognizeBusinessLicenseRequest, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeBusinessLicenseResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Recognizes a Korean business registration certificate.
   */
  recognizeBusinessLicense(argument: _clova_ocr_document_v1_RecognizeBusinessLicenseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeBusinessLicenseResponse__Output>): grpc.ClientUnaryCall;
  recognizeBusinessLicense(argument: _clova_ocr_document_v1_RecognizeBusinessLicenseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeBusinessLicenseResponse__Output>): grpc.ClientUnaryCall;
  recognizeBusinessLicense(argument: _clova_ocr_document_v1_RecognizeBusinessLicenseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeBusinessLicenseResponse__Output>): grpc.ClientUnaryCall;
  recognizeBusinessLicense(argument: _clova_ocr_document_v1_RecognizeBusinessLicenseRequest, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeBusinessLicenseResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Recognizes a credit card.
   */
  RecognizeCreditCard(argument: _clova_ocr_document_v1_RecognizeCreditCardRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeCreditCardResponse__Output>): grpc.ClientUnaryCall;
  RecognizeCreditCard(argument: _clova_ocr_document_v1_RecognizeCreditCardRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeCreditCardResponse__Output>): grpc.ClientUnaryCall;
  RecognizeCreditCard(argument: _clova_ocr_document_v1_RecognizeCreditCardRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeCreditCardResponse__Output>): grpc.ClientUnaryCall;
  RecognizeCreditCard(argument: _clova_ocr_document_v1_RecognizeCreditCardRequest, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeCreditCardResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Recognizes a credit card.
   */
  recognizeCreditCard(argument: _clova_ocr_document_v1_RecognizeCreditCardRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeCreditCardResponse__Output>): grpc.ClientUnaryCall;
  recognizeCreditCard(argument: _clova_ocr_document_v1_RecognizeCreditCardRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeCreditCardResponse__Output>): grpc.ClientUnaryCall;
  recognizeCreditCard(argument: _clova_ocr_document_v1_RecognizeCreditCardRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeCreditCardResponse__Output>): grpc.ClientUnaryCall;
  recognizeCreditCard(argument: _clova_ocr_document_v1_RecognizeCreditCardRequest, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeCreditCardResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Recognizes every page (or the selected pages) of a multi-page PDF or TIFF, or a single
   * image: each page is its own CLOVA call, and one response per page is streamed as soon as
   * that page is read, in any order. A failure of one page is that page's status; a failure that
   * concerns every page (credentials, domain not configured, quota, circuit open, permission)
   * ends the stream with its status. A document that cannot be read, a page out of range or
   * more pages than the server reads end the call with INVALID_ARGUMENT before any CLOVA call.
   */
  RecognizeDocument(argument: _clova_ocr_document_v1_RecognizeDocumentRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_clova_ocr_document_v1_RecognizeDocumentResponse__Output>;
  RecognizeDocument(argument: _clova_ocr_document_v1_RecognizeDocumentRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_clova_ocr_document_v1_RecognizeDocumentResponse__Output>;
  /**
   * Recognizes every page (or the selected pages) of a multi-page PDF or TIFF, or a single
   * image: each page is its own CLOVA call, and one response per page is streamed as soon as
   * that page is read, in any order. A failure of one page is that page's status; a failure that
   * concerns every page (credentials, domain not configured, quota, circuit open, permission)
   * ends the stream with its status. A document that cannot be read, a page out of range or
   * more pages than the server reads end the call with INVALID_ARGUMENT before any CLOVA call.
   */
  recognizeDocument(argument: _clova_ocr_document_v1_RecognizeDocumentRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_clova_ocr_document_v1_RecognizeDocumentResponse__Output>;
  recognizeDocument(argument: _clova_ocr_document_v1_RecognizeDocumentRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_clova_ocr_document_v1_RecognizeDocumentResponse__Output>;
  
  /**
   * Recognizes an identity document: ID card, driver's license, passport or alien registration
   * card.
   */
  RecognizeIdCard(argument: _clova_ocr_document_v1_RecognizeIdCardRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeIdCardResponse__Output>): grpc.ClientUnaryCall;
  RecognizeIdCard(argument: _clova_ocr_document_v1_RecognizeIdCardRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeIdCardResponse__Output>): grpc.ClientUnaryCall;
  RecognizeIdCard(argument: _clova_ocr_document_v1_RecognizeIdCardRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeIdCardResponse__Output>): grpc.ClientUnaryCall;
  RecognizeIdCard(argument: _clova_ocr_document_v1_RecognizeIdCardRequest, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeIdCardResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Recognizes an identity document: ID card, driver's license, passport or alien registration
   * card.
   */
  recognizeIdCard(argument: _clova_ocr_document_v1_RecognizeIdCardRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeIdCardResponse__Output>): grpc.ClientUnaryCall;
  recognizeIdCard(argument: _clova_ocr_document_v1_RecognizeIdCardRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeIdCardResponse__Output>): grpc.ClientUnaryCall;
  recognizeIdCard(argument: _clova_ocr_document_v1_RecognizeIdCardRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeIdCardResponse__Output>): grpc.ClientUnaryCall;
  recognizeIdCard(argument: _clova_ocr_document_v1_RecognizeIdCardRequest, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeIdCardResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Recognizes a Korean medical receipt.
   */
  RecognizeMedicalReceipt(argument: _clova_ocr_document_v1_RecognizeMedicalReceiptRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeMedicalReceiptResponse__Output>): grpc.ClientUnaryCall;
  RecognizeMedicalReceipt(argument: _clova_ocr_document_v1_RecognizeMedicalReceiptRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeMedicalReceiptResponse__Output>): grpc.ClientUnaryCall;
  RecognizeMedicalReceipt(argument: _clova_ocr_document_v1_RecognizeMedicalReceiptRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeMedicalReceiptResponse__Output>): grpc.ClientUnaryCall;
  RecognizeMedicalReceipt(argument: _clova_ocr_document_v1_RecognizeMedicalReceiptRequest, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeMedicalReceiptResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Recognizes a Korean medical receipt.
   */
  recognizeMedicalReceipt(argument: _clova_ocr_document_v1_RecognizeMedicalReceiptRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeMedicalReceiptResponse__Output>): grpc.ClientUnaryCall;
  recognizeMedicalReceipt(argument: _clova_ocr_document_v1_RecognizeMedicalReceiptRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeMedicalReceiptResponse__Output>): grpc.ClientUnaryCall;
  recognizeMedicalReceipt(argument: _clova_ocr_document_v1_RecognizeMedicalReceiptRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeMedicalReceiptResponse__Output>): grpc.ClientUnaryCall;
  recognizeMedicalReceipt(argument: _clova_ocr_document_v1_RecognizeMedicalReceiptRequest, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeMedicalReceiptResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Recognizes a name (business) card.
   */
  RecognizeNameCard(argument: _clova_ocr_document_v1_RecognizeNameCardRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeNameCardResponse__Output>): grpc.ClientUnaryCall;
  RecognizeNameCard(argument: _clova_ocr_document_v1_RecognizeNameCardRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeNameCardResponse__Output>): grpc.ClientUnaryCall;
  RecognizeNameCard(argument: _clova_ocr_document_v1_RecognizeNameCardRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeNameCardResponse__Output>): grpc.ClientUnaryCall;
  RecognizeNameCard(argument: _clova_ocr_document_v1_RecognizeNameCardRequest, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeNameCardResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Recognizes a name (business) card.
   */
  recognizeNameCard(argument: _clova_ocr_document_v1_RecognizeNameCardRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeNameCardResponse__Output>): grpc.ClientUnaryCall;
  recognizeNameCard(argument: _clova_ocr_document_v1_RecognizeNameCardRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeNameCardResponse__Output>): grpc.ClientUnaryCall;
  recognizeNameCard(argument: _clova_ocr_document_v1_RecognizeNameCardRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeNameCardResponse__Output>): grpc.ClientUnaryCall;
  recognizeNameCard(argument: _clova_ocr_document_v1_RecognizeNameCardRequest, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeNameCardResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Reads a passport's machine readable zone.
   */
  RecognizePassport(argument: _clova_ocr_document_v1_RecognizePassportRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizePassportResponse__Output>): grpc.ClientUnaryCall;
  RecognizePassport(argument: _clova_ocr_document_v1_RecognizePassportRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizePassportResponse__Output>): grpc.ClientUnaryCall;
  RecognizePassport(argument: _clova_ocr_document_v1_RecognizePassportRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizePassportResponse__Output>): grpc.ClientUnaryCall;
  RecognizePassport(argument: _clova_ocr_document_v1_RecognizePassportRequest, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizePassportResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Reads a passport's machine readable zone.
   */
  recognizePassport(argument: _clova_ocr_document_v1_RecognizePassportRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizePassportResponse__Output>): grpc.ClientUnaryCall;
  recognizePassport(argument: _clova_ocr_document_v1_RecognizePassportRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizePassportResponse__Output>): grpc.ClientUnaryCall;
  recognizePassport(argument: _clova_ocr_document_v1_RecognizePassportRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizePassportResponse__Output>): grpc.ClientUnaryCall;
  recognizePassport(argument: _clova_ocr_document_v1_RecognizePassportRequest, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizePassportResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Recognizes a receipt.
   */
  RecognizeReceipt(argument: _clova_ocr_document_v1_RecognizeReceiptRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeReceiptResponse__Output>): grpc.ClientUnaryCall;
  RecognizeReceipt(argument: _clova_ocr_document_v1_RecognizeReceiptRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeReceiptResponse__Output>): grpc.ClientUnaryCall;
  RecognizeReceipt(argument: _clova_ocr_document_v1_RecognizeReceiptRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeReceiptResponse__Output>): grpc.ClientUnaryCall;
  RecognizeReceipt(argument: _clova_ocr_document_v1_RecognizeReceiptRequest, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeReceiptResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Recognizes a receipt.
   */
  recognizeReceipt(argument: _clova_ocr_document_v1_RecognizeReceiptRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeReceiptResponse__Output>): grpc.ClientUnaryCall;
  recognizeReceipt(argument: _clova_ocr_document_v1_RecognizeReceiptRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeReceiptResponse__Output>): grpc.ClientUnaryCall;
  recognizeReceipt(argument: _clova_ocr_document_v1_RecognizeReceiptRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeReceiptResponse__Output>): grpc.ClientUnaryCall;
  recognizeReceipt(argument: _clova_ocr_document_v1_RecognizeReceiptRequest, callback: grpc.requestCallback<_clova_ocr_document_v1_RecognizeReceiptResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Reads documents with NAVER CLOVA OCR's Document API and answers with typed results.
 * 
 * Errors are google.rpc.Status with exactly one google.rpc.ErrorInfo (domain
 * "clova-ocr-gateway", reason in UPPER_SNAKE_CASE, metadata with the CLOVA code and HTTP status),
 * RetryInfo when a retry may succeed, QuotaFailure for quota and rate limits, BadRequest for
 * invalid input, and ClovaError with the vendor's own error body when CLOVA answered one.
 */
export interface DocumentOcrServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Recognizes a stream of documents (each one image or a multi-page PDF or TIFF). Responses
   * are streamed per page as pages finish, in any order, each with the item_id of its request;
   * the server reads requests only as fast as it can admit them. The response stream ends once
   * the client has half-closed and every item is answered.
   */
  BatchRecognize: grpc.handleBidiStreamingCall<_clova_ocr_document_v1_BatchRecognizeRequest__Output, _clova_ocr_document_v1_BatchRecognizeResponse>;
  
  /**
   * Recognizes a document of the type the request names.
   */
  Recognize: grpc.handleUnaryCall<_clova_ocr_document_v1_RecognizeRequest__Output, _clova_ocr_document_v1_RecognizeResponse>;
  
  /**
   * Recognizes a Korean business registration certificate.
   */
  RecognizeBusinessLicense: grpc.handleUnaryCall<_clova_ocr_document_v1_RecognizeBusinessLicenseRequest__Output, _clova_ocr_document_v1_RecognizeBusinessLicenseResponse>;
  
  /**
   * Recognizes a credit card.
   */
  RecognizeCreditCard: grpc.handleUnaryCall<_clova_ocr_document_v1_RecognizeCreditCardRequest__Output, _clova_ocr_document_v1_RecognizeCreditCardResponse>;
  
  /**
   * Recognizes every page (or the selected pages) of a multi-page PDF or TIFF, or a single
   * image: each page is its own CLOVA call, and one response per page is streamed as soon as
   * that page is read, in any order. A failure of one page is that page's status; a failure that
   * concerns every page (credentials, domain not configured, quota, circuit open, permission)
   * ends the stream with its status. A document that cannot be read, a page out of range or
   * more pages than the server reads end the call with INVALID_ARGUMENT before any CLOVA call.
   */
  RecognizeDocument: grpc.handleServerStreamingCall<_clova_ocr_document_v1_RecognizeDocumentRequest__Output, _clova_ocr_document_v1_RecognizeDocumentResponse>;
  
  /**
   * Recognizes an identity document: ID card, driver's license, passport or alien registration
   * card.
   */
  RecognizeIdCard: grpc.handleUnaryCall<_clova_ocr_document_v1_RecognizeIdCardRequest__Output, _clova_ocr_document_v1_RecognizeIdCardResponse>;
  
  /**
   * Recognizes a Korean medical receipt.
   */
  RecognizeMedicalReceipt: grpc.handleUnaryCall<_clova_ocr_document_v1_RecognizeMedicalReceiptRequest__Output, _clova_ocr_document_v1_RecognizeMedicalReceiptResponse>;
  
  /**
   * Recognizes a name (business) card.
   */
  RecognizeNameCard: grpc.handleUnaryCall<_clova_ocr_document_v1_RecognizeNameCardRequest__Output, _clova_ocr_document_v1_RecognizeNameCardResponse>;
  
  /**
   * Reads a passport's machine readable zone.
   */
  RecognizePassport: grpc.handleUnaryCall<_clova_ocr_document_v1_RecognizePassportRequest__Output, _clova_ocr_document_v1_RecognizePassportResponse>;
  
  /**
   * Recognizes a receipt.
   */
  RecognizeReceipt: grpc.handleUnaryCall<_clova_ocr_document_v1_RecognizeReceiptRequest__Output, _clova_ocr_document_v1_RecognizeReceiptResponse>;
  
}

export interface DocumentOcrServiceDefinition extends grpc.ServiceDefinition {
  BatchRecognize: MethodDefinition<_clova_ocr_document_v1_BatchRecognizeRequest, _clova_ocr_document_v1_BatchRecognizeResponse, _clova_ocr_document_v1_BatchRecognizeRequest__Output, _clova_ocr_document_v1_BatchRecognizeResponse__Output>
  Recognize: MethodDefinition<_clova_ocr_document_v1_RecognizeRequest, _clova_ocr_document_v1_RecognizeResponse, _clova_ocr_document_v1_RecognizeRequest__Output, _clova_ocr_document_v1_RecognizeResponse__Output>
  RecognizeBusinessLicense: MethodDefinition<_clova_ocr_document_v1_RecognizeBusinessLicenseRequest, _clova_ocr_document_v1_RecognizeBusinessLicenseResponse, _clova_ocr_document_v1_RecognizeBusinessLicenseRequest__Output, _clova_ocr_document_v1_RecognizeBusinessLicenseResponse__Output>
  RecognizeCreditCard: MethodDefinition<_clova_ocr_document_v1_RecognizeCreditCardRequest, _clova_ocr_document_v1_RecognizeCreditCardResponse, _clova_ocr_document_v1_RecognizeCreditCardRequest__Output, _clova_ocr_document_v1_RecognizeCreditCardResponse__Output>
  RecognizeDocument: MethodDefinition<_clova_ocr_document_v1_RecognizeDocumentRequest, _clova_ocr_document_v1_RecognizeDocumentResponse, _clova_ocr_document_v1_RecognizeDocumentRequest__Output, _clova_ocr_document_v1_RecognizeDocumentResponse__Output>
  RecognizeIdCard: MethodDefinition<_clova_ocr_document_v1_RecognizeIdCardRequest, _clova_ocr_document_v1_RecognizeIdCardResponse, _clova_ocr_document_v1_RecognizeIdCardRequest__Output, _clova_ocr_document_v1_RecognizeIdCardResponse__Output>
  RecognizeMedicalReceipt: MethodDefinition<_clova_ocr_document_v1_RecognizeMedicalReceiptRequest, _clova_ocr_document_v1_RecognizeMedicalReceiptResponse, _clova_ocr_document_v1_RecognizeMedicalReceiptRequest__Output, _clova_ocr_document_v1_RecognizeMedicalReceiptResponse__Output>
  RecognizeNameCard: MethodDefinition<_clova_ocr_document_v1_RecognizeNameCardRequest, _clova_ocr_document_v1_RecognizeNameCardResponse, _clova_ocr_document_v1_RecognizeNameCardRequest__Output, _clova_ocr_document_v1_RecognizeNameCardResponse__Output>
  RecognizePassport: MethodDefinition<_clova_ocr_document_v1_RecognizePassportRequest, _clova_ocr_document_v1_RecognizePassportResponse, _clova_ocr_document_v1_RecognizePassportRequest__Output, _clova_ocr_document_v1_RecognizePassportResponse__Output>
  RecognizeReceipt: MethodDefinition<_clova_ocr_document_v1_RecognizeReceiptRequest, _clova_ocr_document_v1_RecognizeReceiptResponse, _clova_ocr_document_v1_RecognizeReceiptRequest__Output, _clova_ocr_document_v1_RecognizeReceiptResponse__Output>
}
