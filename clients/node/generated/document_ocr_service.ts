import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AlienRegistrationCard as _clova_ocr_document_v1_AlienRegistrationCard, AlienRegistrationCard__Output as _clova_ocr_document_v1_AlienRegistrationCard__Output } from './clova/ocr/document/v1/AlienRegistrationCard';
import type { BaseObject as _clova_ocr_document_v1_BaseObject, BaseObject__Output as _clova_ocr_document_v1_BaseObject__Output } from './clova/ocr/document/v1/BaseObject';
import type { BatchRecognizeRequest as _clova_ocr_document_v1_BatchRecognizeRequest, BatchRecognizeRequest__Output as _clova_ocr_document_v1_BatchRecognizeRequest__Output } from './clova/ocr/document/v1/BatchRecognizeRequest';
import type { BatchRecognizeResponse as _clova_ocr_document_v1_BatchRecognizeResponse, BatchRecognizeResponse__Output as _clova_ocr_document_v1_BatchRecognizeResponse__Output } from './clova/ocr/document/v1/BatchRecognizeResponse';
import type { BizLicense as _clova_ocr_document_v1_BizLicense, BizLicense__Output as _clova_ocr_document_v1_BizLicense__Output } from './clova/ocr/document/v1/BizLicense';
import type { BizLicenseResult as _clova_ocr_document_v1_BizLicenseResult, BizLicenseResult__Output as _clova_ocr_document_v1_BizLicenseResult__Output } from './clova/ocr/document/v1/BizLicenseResult';
import type { BoundingPoly as _clova_ocr_document_v1_BoundingPoly, BoundingPoly__Output as _clova_ocr_document_v1_BoundingPoly__Output } from './clova/ocr/document/v1/BoundingPoly';
import type { CardInfo as _clova_ocr_document_v1_CardInfo, CardInfo__Output as _clova_ocr_document_v1_CardInfo__Output } from './clova/ocr/document/v1/CardInfo';
import type { Checksum as _clova_ocr_document_v1_Checksum, Checksum__Output as _clova_ocr_document_v1_Checksum__Output } from './clova/ocr/document/v1/Checksum';
import type { ConvertedImageInfo as _clova_ocr_document_v1_ConvertedImageInfo, ConvertedImageInfo__Output as _clova_ocr_document_v1_ConvertedImageInfo__Output } from './clova/ocr/document/v1/ConvertedImageInfo';
import type { CreditCard as _clova_ocr_document_v1_CreditCard, CreditCard__Output as _clova_ocr_document_v1_CreditCard__Output } from './clova/ocr/document/v1/CreditCard';
import type { CreditCardResult as _clova_ocr_document_v1_CreditCardResult, CreditCardResult__Output as _clova_ocr_document_v1_CreditCardResult__Output } from './clova/ocr/document/v1/CreditCardResult';
import type { DateFormatted as _clova_ocr_document_v1_DateFormatted, DateFormatted__Output as _clova_ocr_document_v1_DateFormatted__Output } from './clova/ocr/document/v1/DateFormatted';
import type { DateObject as _clova_ocr_document_v1_DateObject, DateObject__Output as _clova_ocr_document_v1_DateObject__Output } from './clova/ocr/document/v1/DateObject';
import type { DocumentOcrServiceClient as _clova_ocr_document_v1_DocumentOcrServiceClient, DocumentOcrServiceDefinition as _clova_ocr_document_v1_DocumentOcrServiceDefinition } from './clova/ocr/document/v1/DocumentOcrService';
import type { DriverLicense as _clova_ocr_document_v1_DriverLicense, DriverLicense__Output as _clova_ocr_document_v1_DriverLicense__Output } from './clova/ocr/document/v1/DriverLicense';
import type { Field as _clova_ocr_document_v1_Field, Field__Output as _clova_ocr_document_v1_Field__Output } from './clova/ocr/document/v1/Field';
import type { FloatObject as _clova_ocr_document_v1_FloatObject, FloatObject__Output as _clova_ocr_document_v1_FloatObject__Output } from './clova/ocr/document/v1/FloatObject';
import type { IdCard as _clova_ocr_document_v1_IdCard, IdCard__Output as _clova_ocr_document_v1_IdCard__Output } from './clova/ocr/document/v1/IdCard';
import type { IdCardResult as _clova_ocr_document_v1_IdCardResult, IdCardResult__Output as _clova_ocr_document_v1_IdCardResult__Output } from './clova/ocr/document/v1/IdCardResult';
import type { Image as _clova_ocr_document_v1_Image, Image__Output as _clova_ocr_document_v1_Image__Output } from './clova/ocr/document/v1/Image';
import type { ImageInfo as _clova_ocr_document_v1_ImageInfo, ImageInfo__Output as _clova_ocr_document_v1_ImageInfo__Output } from './clova/ocr/document/v1/ImageInfo';
import type { Item as _clova_ocr_document_v1_Item, Item__Output as _clova_ocr_document_v1_Item__Output } from './clova/ocr/document/v1/Item';
import type { KeyCell as _clova_ocr_document_v1_KeyCell, KeyCell__Output as _clova_ocr_document_v1_KeyCell__Output } from './clova/ocr/document/v1/KeyCell';
import type { MedicalReceipt as _clova_ocr_document_v1_MedicalReceipt, MedicalReceipt__Output as _clova_ocr_document_v1_MedicalReceipt__Output } from './clova/ocr/document/v1/MedicalReceipt';
import type { MedicalReceiptChecksums as _clova_ocr_document_v1_MedicalReceiptChecksums, MedicalReceiptChecksums__Output as _clova_ocr_document_v1_MedicalReceiptChecksums__Output } from './clova/ocr/document/v1/MedicalReceiptChecksums';
import type { MedicalReceiptResult as _clova_ocr_document_v1_MedicalReceiptResult, MedicalReceiptResult__Output as _clova_ocr_document_v1_MedicalReceiptResult__Output } from './clova/ocr/document/v1/MedicalReceiptResult';
import type { Meta as _clova_ocr_document_v1_Meta, Meta__Output as _clova_ocr_document_v1_Meta__Output } from './clova/ocr/document/v1/Meta';
import type { MrzBool as _clova_ocr_document_v1_MrzBool, MrzBool__Output as _clova_ocr_document_v1_MrzBool__Output } from './clova/ocr/document/v1/MrzBool';
import type { MrzInt as _clova_ocr_document_v1_MrzInt, MrzInt__Output as _clova_ocr_document_v1_MrzInt__Output } from './clova/ocr/document/v1/MrzInt';
import type { MrzString as _clova_ocr_document_v1_MrzString, MrzString__Output as _clova_ocr_document_v1_MrzString__Output } from './clova/ocr/document/v1/MrzString';
import type { NameCard as _clova_ocr_document_v1_NameCard, NameCard__Output as _clova_ocr_document_v1_NameCard__Output } from './clova/ocr/document/v1/NameCard';
import type { NameCardResult as _clova_ocr_document_v1_NameCardResult, NameCardResult__Output as _clova_ocr_document_v1_NameCardResult__Output } from './clova/ocr/document/v1/NameCardResult';
import type { NationalIdCard as _clova_ocr_document_v1_NationalIdCard, NationalIdCard__Output as _clova_ocr_document_v1_NationalIdCard__Output } from './clova/ocr/document/v1/NationalIdCard';
import type { Passport as _clova_ocr_document_v1_Passport, Passport__Output as _clova_ocr_document_v1_Passport__Output } from './clova/ocr/document/v1/Passport';
import type { PassportCard as _clova_ocr_document_v1_PassportCard, PassportCard__Output as _clova_ocr_document_v1_PassportCard__Output } from './clova/ocr/document/v1/PassportCard';
import type { PassportResult as _clova_ocr_document_v1_PassportResult, PassportResult__Output as _clova_ocr_document_v1_PassportResult__Output } from './clova/ocr/document/v1/PassportResult';
import type { PaymentInfo as _clova_ocr_document_v1_PaymentInfo, PaymentInfo__Output as _clova_ocr_document_v1_PaymentInfo__Output } from './clova/ocr/document/v1/PaymentInfo';
import type { PoiObject as _clova_ocr_document_v1_PoiObject, PoiObject__Output as _clova_ocr_document_v1_PoiObject__Output } from './clova/ocr/document/v1/PoiObject';
import type { PriceInfo as _clova_ocr_document_v1_PriceInfo, PriceInfo__Output as _clova_ocr_document_v1_PriceInfo__Output } from './clova/ocr/document/v1/PriceInfo';
import type { Receipt as _clova_ocr_document_v1_Receipt, Receipt__Output as _clova_ocr_document_v1_Receipt__Output } from './clova/ocr/document/v1/Receipt';
import type { ReceiptResult as _clova_ocr_document_v1_ReceiptResult, ReceiptResult__Output as _clova_ocr_document_v1_ReceiptResult__Output } from './clova/ocr/document/v1/ReceiptResult';
import type { RecognizeBusinessLicenseRequest as _clova_ocr_document_v1_RecognizeBusinessLicenseRequest, RecognizeBusinessLicenseRequest__Output as _clova_ocr_document_v1_RecognizeBusinessLicenseRequest__Output } from './clova/ocr/document/v1/RecognizeBusinessLicenseRequest';
import type { RecognizeBusinessLicenseResponse as _clova_ocr_document_v1_RecognizeBusinessLicenseResponse, RecognizeBusinessLicenseResponse__Output as _clova_ocr_document_v1_RecognizeBusinessLicenseResponse__Output } from './clova/ocr/document/v1/RecognizeBusinessLicenseResponse';
import type { RecognizeCreditCardRequest as _clova_ocr_document_v1_RecognizeCreditCardRequest, RecognizeCreditCardRequest__Output as _clova_ocr_document_v1_RecognizeCreditCardRequest__Output } from './clova/ocr/document/v1/RecognizeCreditCardRequest';
import type { RecognizeCreditCardResponse as _clova_ocr_document_v1_RecognizeCreditCardResponse, RecognizeCreditCardResponse__Output as _clova_ocr_document_v1_RecognizeCreditCardResponse__Output } from './clova/ocr/document/v1/RecognizeCreditCardResponse';
import type { RecognizeDocumentRequest as _clova_ocr_document_v1_RecognizeDocumentRequest, RecognizeDocumentRequest__Output as _clova_ocr_document_v1_RecognizeDocumentRequest__Output } from './clova/ocr/document/v1/RecognizeDocumentRequest';
import type { RecognizeDocumentResponse as _clova_ocr_document_v1_RecognizeDocumentResponse, RecognizeDocumentResponse__Output as _clova_ocr_document_v1_RecognizeDocumentResponse__Output } from './clova/ocr/document/v1/RecognizeDocumentResponse';
import type { RecognizeIdCardRequest as _clova_ocr_document_v1_RecognizeIdCardRequest, RecognizeIdCardRequest__Output as _clova_ocr_document_v1_RecognizeIdCardRequest__Output } from './clova/ocr/document/v1/RecognizeIdCardRequest';
import type { RecognizeIdCardResponse as _clova_ocr_document_v1_RecognizeIdCardResponse, RecognizeIdCardResponse__Output as _clova_ocr_document_v1_RecognizeIdCardResponse__Output } from './clova/ocr/document/v1/RecognizeIdCardResponse';
import type { RecognizeMedicalReceiptRequest as _clova_ocr_document_v1_RecognizeMedicalReceiptRequest, RecognizeMedicalReceiptRequest__Output as _clova_ocr_document_v1_RecognizeMedicalReceiptRequest__Output } from './clova/ocr/document/v1/RecognizeMedicalReceiptRequest';
import type { RecognizeMedicalReceiptResponse as _clova_ocr_document_v1_RecognizeMedicalReceiptResponse, RecognizeMedicalReceiptResponse__Output as _clova_ocr_document_v1_RecognizeMedicalReceiptResponse__Output } from './clova/ocr/document/v1/RecognizeMedicalReceiptResponse';
import type { RecognizeNameCardRequest as _clova_ocr_document_v1_RecognizeNameCardRequest, RecognizeNameCardRequest__Output as _clova_ocr_document_v1_RecognizeNameCardRequest__Output } from './clova/ocr/document/v1/RecognizeNameCardRequest';
import type { RecognizeNameCardResponse as _clova_ocr_document_v1_RecognizeNameCardResponse, RecognizeNameCardResponse__Output as _clova_ocr_document_v1_RecognizeNameCardResponse__Output } from './clova/ocr/document/v1/RecognizeNameCardResponse';
import type { RecognizePassportRequest as _clova_ocr_document_v1_RecognizePassportRequest, RecognizePassportRequest__Output as _clova_ocr_document_v1_RecognizePassportRequest__Output } from './clova/ocr/document/v1/RecognizePassportRequest';
import type { RecognizePassportResponse as _clova_ocr_document_v1_RecognizePassportResponse, RecognizePassportResponse__Output as _clova_ocr_document_v1_RecognizePassportResponse__Output } from './clova/ocr/document/v1/RecognizePassportResponse';
import type { RecognizeReceiptRequest as _clova_ocr_document_v1_RecognizeReceiptRequest, RecognizeReceiptRequest__Output as _clova_ocr_document_v1_RecognizeReceiptRequest__Output } from './clova/ocr/document/v1/RecognizeReceiptRequest';
import type { RecognizeReceiptResponse as _clova_ocr_document_v1_RecognizeReceiptResponse, RecognizeReceiptResponse__Output as _clova_ocr_document_v1_RecognizeReceiptResponse__Output } from './clova/ocr/document/v1/RecognizeReceiptResponse';
import type { RecognizeRequest as _clova_ocr_document_v1_RecognizeRequest, RecognizeRequest__Output as _clova_ocr_document_v1_RecognizeRequest__Output } from './clova/ocr/document/v1/RecognizeRequest';
import type { RecognizeResponse as _clova_ocr_document_v1_RecognizeResponse, RecognizeResponse__Output as _clova_ocr_document_v1_RecognizeResponse__Output } from './clova/ocr/document/v1/RecognizeResponse';
import type { ResponseHeader as _clova_ocr_document_v1_ResponseHeader, ResponseHeader__Output as _clova_ocr_document_v1_ResponseHeader__Output } from './clova/ocr/document/v1/ResponseHeader';
import type { StoreInfo as _clova_ocr_document_v1_StoreInfo, StoreInfo__Output as _clova_ocr_document_v1_StoreInfo__Output } from './clova/ocr/document/v1/StoreInfo';
import type { StringObject as _clova_ocr_document_v1_StringObject, StringObject__Output as _clova_ocr_document_v1_StringObject__Output } from './clova/ocr/document/v1/StringObject';
import type { SubResult as _clova_ocr_document_v1_SubResult, SubResult__Output as _clova_ocr_document_v1_SubResult__Output } from './clova/ocr/document/v1/SubResult';
import type { SubTotal as _clova_ocr_document_v1_SubTotal, SubTotal__Output as _clova_ocr_document_v1_SubTotal__Output } from './clova/ocr/document/v1/SubTotal';
import type { TelObject as _clova_ocr_document_v1_TelObject, TelObject__Output as _clova_ocr_document_v1_TelObject__Output } from './clova/ocr/document/v1/TelObject';
import type { TimeFormatted as _clova_ocr_document_v1_TimeFormatted, TimeFormatted__Output as _clova_ocr_document_v1_TimeFormatted__Output } from './clova/ocr/document/v1/TimeFormatted';
import type { TimeObject as _clova_ocr_document_v1_TimeObject, TimeObject__Output as _clova_ocr_document_v1_TimeObject__Output } from './clova/ocr/document/v1/TimeObject';
import type { TotalPrice as _clova_ocr_document_v1_TotalPrice, TotalPrice__Output as _clova_ocr_document_v1_TotalPrice__Output } from './clova/ocr/document/v1/TotalPrice';
import type { ValidationResult as _clova_ocr_document_v1_ValidationResult, ValidationResult__Output as _clova_ocr_document_v1_ValidationResult__Output } from './clova/ocr/document/v1/ValidationResult';
import type { ValueCell as _clova_ocr_document_v1_ValueCell, ValueCell__Output as _clova_ocr_document_v1_ValueCell__Output } from './clova/ocr/document/v1/ValueCell';
import type { ValueFormatted as _clova_ocr_document_v1_ValueFormatted, ValueFormatted__Output as _clova_ocr_document_v1_ValueFormatted__Output } from './clova/ocr/document/v1/ValueFormatted';
import type { Vertex as _clova_ocr_document_v1_Vertex, Vertex__Output as _clova_ocr_document_v1_Vertex__Output } from './clova/ocr/document/v1/Vertex';
import type { Any as _google_protobuf_Any, Any__Output as _google_protobuf_Any__Output } from './google/protobuf/Any';
import type { ListValue as _google_protobuf_ListValue, ListValue__Output as _google_protobuf_ListValue__Output } from './google/protobuf/ListValue';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from './google/protobuf/Struct';
import type { Value as _google_protobuf_Value, Value__Output as _google_protobuf_Value__Output } from './google/protobuf/Value';
import type { Status as _google_rpc_Status, Status__Output as _google_rpc_Status__Output } from './google/rpc/Status';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  clova: {
    ocr: {
      document: {
        v1: {
          AlienRegistrationCard: MessageTypeDefinition<_clova_ocr_document_v1_AlienRegistrationCard, _clova_ocr_document_v1_AlienRegistrationCard__Output>
          BaseObject: MessageTypeDefinition<_clova_ocr_document_v1_BaseObject, _clova_ocr_document_v1_BaseObject__Output>
          BatchRecognizeRequest: MessageTypeDefinition<_clova_ocr_document_v1_BatchRecognizeRequest, _clova_ocr_document_v1_BatchRecognizeRequest__Output>
          BatchRecognizeResponse: MessageTypeDefinition<_clova_ocr_document_v1_BatchRecognizeResponse, _clova_ocr_document_v1_BatchRecognizeResponse__Output>
          BizLicense: MessageTypeDefinition<_clova_ocr_document_v1_BizLicense, _clova_ocr_document_v1_BizLicense__Output>
          BizLicenseResult: MessageTypeDefinition<_clova_ocr_document_v1_BizLicenseResult, _clova_ocr_document_v1_BizLicenseResult__Output>
          BoundingPoly: MessageTypeDefinition<_clova_ocr_document_v1_BoundingPoly, _clova_ocr_document_v1_BoundingPoly__Output>
          CardInfo: MessageTypeDefinition<_clova_ocr_document_v1_CardInfo, _clova_ocr_document_v1_CardInfo__Output>
          Checksum: MessageTypeDefinition<_clova_ocr_document_v1_Checksum, _clova_ocr_document_v1_Checksum__Output>
          ConvertedImageInfo: MessageTypeDefinition<_clova_ocr_document_v1_ConvertedImageInfo, _clova_ocr_document_v1_ConvertedImageInfo__Output>
          CreditCard: MessageTypeDefinition<_clova_ocr_document_v1_CreditCard, _clova_ocr_document_v1_CreditCard__Output>
          CreditCardResult: MessageTypeDefinition<_clova_ocr_document_v1_CreditCardResult, _clova_ocr_document_v1_CreditCardResult__Output>
          DateFormatted: MessageTypeDefinition<_clova_ocr_document_v1_DateFormatted, _clova_ocr_document_v1_DateFormatted__Output>
          DateObject: MessageTypeDefinition<_clova_ocr_document_v1_DateObject, _clova_ocr_document_v1_DateObject__Output>
          /**
           * Reads documents with NAVER CLOVA OCR's Document API and answers with typed results.
           * 
           * Errors are google.rpc.Status with exactly one google.rpc.ErrorInfo (domain
           * "clova-ocr-gateway", reason in UPPER_SNAKE_CASE, metadata with the CLOVA code and HTTP status),
           * RetryInfo when a retry may succeed, QuotaFailure for quota and rate limits, BadRequest for
           * invalid input, and ClovaError with the vendor's own error body when CLOVA answered one.
           */
          DocumentOcrService: SubtypeConstructor<typeof grpc.Client, _clova_ocr_document_v1_DocumentOcrServiceClient> & { service: _clova_ocr_document_v1_DocumentOcrServiceDefinition }
          DocumentType: EnumTypeDefinition
          DriverLicense: MessageTypeDefinition<_clova_ocr_document_v1_DriverLicense, _clova_ocr_document_v1_DriverLicense__Output>
          Field: MessageTypeDefinition<_clova_ocr_document_v1_Field, _clova_ocr_document_v1_Field__Output>
          FloatObject: MessageTypeDefinition<_clova_ocr_document_v1_FloatObject, _clova_ocr_document_v1_FloatObject__Output>
          IdCard: MessageTypeDefinition<_clova_ocr_document_v1_IdCard, _clova_ocr_document_v1_IdCard__Output>
          IdCardResult: MessageTypeDefinition<_clova_ocr_document_v1_IdCardResult, _clova_ocr_document_v1_IdCardResult__Output>
          Image: MessageTypeDefinition<_clova_ocr_document_v1_Image, _clova_ocr_document_v1_Image__Output>
          ImageFormat: EnumTypeDefinition
          ImageInfo: MessageTypeDefinition<_clova_ocr_document_v1_ImageInfo, _clova_ocr_document_v1_ImageInfo__Output>
          InferResult: EnumTypeDefinition
          Item: MessageTypeDefinition<_clova_ocr_document_v1_Item, _clova_ocr_document_v1_Item__Output>
          KeyCell: MessageTypeDefinition<_clova_ocr_document_v1_KeyCell, _clova_ocr_document_v1_KeyCell__Output>
          MedicalReceipt: MessageTypeDefinition<_clova_ocr_document_v1_MedicalReceipt, _clova_ocr_document_v1_MedicalReceipt__Output>
          MedicalReceiptChecksums: MessageTypeDefinition<_clova_ocr_document_v1_MedicalReceiptChecksums, _clova_ocr_document_v1_MedicalReceiptChecksums__Output>
          MedicalReceiptResult: MessageTypeDefinition<_clova_ocr_document_v1_MedicalReceiptResult, _clova_ocr_document_v1_MedicalReceiptResult__Output>
          Meta: MessageTypeDefinition<_clova_ocr_document_v1_Meta, _clova_ocr_document_v1_Meta__Output>
          MrzBool: MessageTypeDefinition<_clova_ocr_document_v1_MrzBool, _clova_ocr_document_v1_MrzBool__Output>
          MrzInt: MessageTypeDefinition<_clova_ocr_document_v1_MrzInt, _clova_ocr_document_v1_MrzInt__Output>
          MrzString: MessageTypeDefinition<_clova_ocr_document_v1_MrzString, _clova_ocr_document_v1_MrzString__Output>
          NameCard: MessageTypeDefinition<_clova_ocr_document_v1_NameCard, _clova_ocr_document_v1_NameCard__Output>
          NameCardResult: MessageTypeDefinition<_clova_ocr_document_v1_NameCardResult, _clova_ocr_document_v1_NameCardResult__Output>
          NationalIdCard: MessageTypeDefinition<_clova_ocr_document_v1_NationalIdCard, _clova_ocr_document_v1_NationalIdCard__Output>
          Passport: MessageTypeDefinition<_clova_ocr_document_v1_Passport, _clova_ocr_document_v1_Passport__Output>
          PassportCard: MessageTypeDefinition<_clova_ocr_document_v1_PassportCard, _clova_ocr_document_v1_PassportCard__Output>
          PassportResult: MessageTypeDefinition<_clova_ocr_document_v1_PassportResult, _clova_ocr_document_v1_PassportResult__Output>
          PaymentInfo: MessageTypeDefinition<_clova_ocr_document_v1_PaymentInfo, _clova_ocr_document_v1_PaymentInfo__Output>
          PoiObject: MessageTypeDefinition<_clova_ocr_document_v1_PoiObject, _clova_ocr_document_v1_PoiObject__Output>
          PriceInfo: MessageTypeDefinition<_clova_ocr_document_v1_PriceInfo, _clova_ocr_document_v1_PriceInfo__Output>
          Receipt: MessageTypeDefinition<_clova_ocr_document_v1_Receipt, _clova_ocr_document_v1_Receipt__Output>
          ReceiptResult: MessageTypeDefinition<_clova_ocr_document_v1_ReceiptResult, _clova_ocr_document_v1_ReceiptResult__Output>
          RecognizeBusinessLicenseRequest: MessageTypeDefinition<_clova_ocr_document_v1_RecognizeBusinessLicenseRequest, _clova_ocr_document_v1_RecognizeBusinessLicenseRequest__Output>
          RecognizeBusinessLicenseResponse: MessageTypeDefinition<_clova_ocr_document_v1_RecognizeBusinessLicenseResponse, _clova_ocr_document_v1_RecognizeBusinessLicenseResponse__Output>
          RecognizeCreditCardRequest: MessageTypeDefinition<_clova_ocr_document_v1_RecognizeCreditCardRequest, _clova_ocr_document_v1_RecognizeCreditCardRequest__Output>
          RecognizeCreditCardResponse: MessageTypeDefinition<_clova_ocr_document_v1_RecognizeCreditCardResponse, _clova_ocr_document_v1_RecognizeCreditCardResponse__Output>
          RecognizeDocumentRequest: MessageTypeDefinition<_clova_ocr_document_v1_RecognizeDocumentRequest, _clova_ocr_document_v1_RecognizeDocumentRequest__Output>
          RecognizeDocumentResponse: MessageTypeDefinition<_clova_ocr_document_v1_RecognizeDocumentResponse, _clova_ocr_document_v1_RecognizeDocumentResponse__Output>
          RecognizeIdCardRequest: MessageTypeDefinition<_clova_ocr_document_v1_RecognizeIdCardRequest, _clova_ocr_document_v1_RecognizeIdCardRequest__Output>
          RecognizeIdCardResponse: MessageTypeDefinition<_clova_ocr_document_v1_RecognizeIdCardResponse, _clova_ocr_document_v1_RecognizeIdCardResponse__Output>
          RecognizeMedicalReceiptRequest: MessageTypeDefinition<_clova_ocr_document_v1_RecognizeMedicalReceiptRequest, _clova_ocr_document_v1_RecognizeMedicalReceiptRequest__Output>
          RecognizeMedicalReceiptResponse: MessageTypeDefinition<_clova_ocr_document_v1_RecognizeMedicalReceiptResponse, _clova_ocr_document_v1_RecognizeMedicalReceiptResponse__Output>
          RecognizeNameCardRequest: MessageTypeDefinition<_clova_ocr_document_v1_RecognizeNameCardRequest, _clova_ocr_document_v1_RecognizeNameCardRequest__Output>
          RecognizeNameCardResponse: MessageTypeDefinition<_clova_ocr_document_v1_RecognizeNameCardResponse, _clova_ocr_document_v1_RecognizeNameCardResponse__Output>
          RecognizePassportRequest: MessageTypeDefinition<_clova_ocr_document_v1_RecognizePassportRequest, _clova_ocr_document_v1_RecognizePassportRequest__Output>
          RecognizePassportResponse: MessageTypeDefinition<_clova_ocr_document_v1_RecognizePassportResponse, _clova_ocr_document_v1_RecognizePassportResponse__Output>
          RecognizeReceiptRequest: MessageTypeDefinition<_clova_ocr_document_v1_RecognizeReceiptRequest, _clova_ocr_document_v1_RecognizeReceiptRequest__Output>
          RecognizeReceiptResponse: MessageTypeDefinition<_clova_ocr_document_v1_RecognizeReceiptResponse, _clova_ocr_document_v1_RecognizeReceiptResponse__Output>
          RecognizeRequest: MessageTypeDefinition<_clova_ocr_document_v1_RecognizeRequest, _clova_ocr_document_v1_RecognizeRequest__Output>
          RecognizeResponse: MessageTypeDefinition<_clova_ocr_document_v1_RecognizeResponse, _clova_ocr_document_v1_RecognizeResponse__Output>
          ResponseHeader: MessageTypeDefinition<_clova_ocr_document_v1_ResponseHeader, _clova_ocr_document_v1_ResponseHeader__Output>
          StoreInfo: MessageTypeDefinition<_clova_ocr_document_v1_StoreInfo, _clova_ocr_document_v1_StoreInfo__Output>
          StringObject: MessageTypeDefinition<_clova_ocr_document_v1_StringObject, _clova_ocr_document_v1_StringObject__Output>
          SubResult: MessageTypeDefinition<_clova_ocr_document_v1_SubResult, _clova_ocr_document_v1_SubResult__Output>
          SubTotal: MessageTypeDefinition<_clova_ocr_document_v1_SubTotal, _clova_ocr_document_v1_SubTotal__Output>
          TelObject: MessageTypeDefinition<_clova_ocr_document_v1_TelObject, _clova_ocr_document_v1_TelObject__Output>
          TimeFormatted: MessageTypeDefinition<_clova_ocr_document_v1_TimeFormatted, _clova_ocr_document_v1_TimeFormatted__Output>
          TimeObject: MessageTypeDefinition<_clova_ocr_document_v1_TimeObject, _clova_ocr_document_v1_TimeObject__Output>
          TotalPrice: MessageTypeDefinition<_clova_ocr_document_v1_TotalPrice, _clova_ocr_document_v1_TotalPrice__Output>
          ValidationResult: MessageTypeDefinition<_clova_ocr_document_v1_ValidationResult, _clova_ocr_document_v1_ValidationResult__Output>
          ValidationResultCode: EnumTypeDefinition
          ValueCell: MessageTypeDefinition<_clova_ocr_document_v1_ValueCell, _clova_ocr_document_v1_ValueCell__Output>
          ValueFormatted: MessageTypeDefinition<_clova_ocr_document_v1_ValueFormatted, _clova_ocr_document_v1_ValueFormatted__Output>
          Vertex: MessageTypeDefinition<_clova_ocr_document_v1_Vertex, _clova_ocr_document_v1_Vertex__Output>
        }
      }
    }
  }
  google: {
    protobuf: {
      Any: MessageTypeDefinition<_google_protobuf_Any, _google_protobuf_Any__Output>
      ListValue: MessageTypeDefinition<_google_protobuf_ListValue, _google_protobuf_ListValue__Output>
      NullValue: EnumTypeDefinition
      Struct: MessageTypeDefinition<_google_protobuf_Struct, _google_protobuf_Struct__Output>
      Value: MessageTypeDefinition<_google_protobuf_Value, _google_protobuf_Value__Output>
    }
    rpc: {
      Status: MessageTypeDefinition<_google_rpc_Status, _google_rpc_Status__Output>
    }
  }
}

