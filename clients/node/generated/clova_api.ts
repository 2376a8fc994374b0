import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { ClovaError as _clova_ocr_document_v1_ClovaError, ClovaError__Output as _clova_ocr_document_v1_ClovaError__Output } from './clova/ocr/document/v1/ClovaError';
import type { ClovaRequest as _clova_ocr_document_v1_ClovaRequest, ClovaRequest__Output as _clova_ocr_document_v1_ClovaRequest__Output } from './clova/ocr/document/v1/ClovaRequest';
import type { ClovaRequestImage as _clova_ocr_document_v1_ClovaRequestImage, ClovaRequestImage__Output as _clova_ocr_document_v1_ClovaRequestImage__Output } from './clova/ocr/document/v1/ClovaRequestImage';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  clova: {
    ocr: {
      document: {
        v1: {
          ClovaError: MessageTypeDefinition<_clova_ocr_document_v1_ClovaError, _clova_ocr_document_v1_ClovaError__Output>
          ClovaRequest: MessageTypeDefinition<_clova_ocr_document_v1_ClovaRequest, _clova_ocr_document_v1_ClovaRequest__Output>
          ClovaRequestImage: MessageTypeDefinition<_clova_ocr_document_v1_ClovaRequestImage, _clova_ocr_document_v1_ClovaRequestImage__Output>
        }
      }
    }
  }
}

