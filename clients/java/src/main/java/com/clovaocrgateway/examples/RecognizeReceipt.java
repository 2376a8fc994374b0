package com.clovaocrgateway.examples;

import com.clovaocrgateway.ocr.document.v1.ClovaError;
import com.clovaocrgateway.ocr.document.v1.DocumentOcrServiceGrpc;
import com.clovaocrgateway.ocr.document.v1.FloatObject;
import com.clovaocrgateway.ocr.document.v1.Image;
import com.clovaocrgateway.ocr.document.v1.ReceiptResult;
import com.clovaocrgateway.ocr.document.v1.RecognizeReceiptRequest;
import com.clovaocrgateway.ocr.document.v1.RecognizeReceiptResponse;
import com.clovaocrgateway.ocr.document.v1.StringObject;
import com.google.gson.Gson;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.QuotaFailure;
import com.google.rpc.RetryInfo;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.TlsChannelCredentials;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Sends one image to the gateway's RecognizeReceipt and prints {@code store=<name> total=<value>},
 * or on error {@code code=<grpc code> reason=<ErrorInfo reason> clova_code=<clova_code>} and exits 1.
 *
 * <p>Usage: RecognizeReceipt [--addr 127.0.0.1:50051] --file IMAGE [--timeout SECONDS]
 * [--request-id ID] [--emulator-fault DIRECTIVES] [--service-config FILE] [--tls]
 * [--ca-file PEM] [--cert-file PEM --key-file PEM] [--token-file FILE]
 *
 * <p>{@code --tls} (implied by the file options) connects over TLS, {@code --cert-file} and
 * {@code --key-file} (PKCS#8) over mutual TLS; the content of {@code --token-file} is sent as
 * {@code authorization: Bearer ...} (a Kubernetes projected service-account token, read again for
 * every call, or an API key).
 */
public final class RecognizeReceipt {
  private static final Metadata.Key<String> CLIENT_ID =
      Metadata.Key.of("x-client-id", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> EMULATOR_FAULT =
      Metadata.Key.of("x-emulator-fault", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  /** The TLS and credential options. */
  private static final class Auth {
    boolean tls;
    String caFile;
    String certFile;
    String keyFile;
    String tokenFile;

    /** Plaintext, TLS or mutual-TLS channel credentials. */
    ChannelCredentials credentials() throws IOException {
      if (!tls && caFile == null && certFile == null && keyFile == null) {
        return InsecureChannelCredentials.create();
      }
      if ((certFile == null) != (keyFile == null)) {
        throw new IllegalArgumentException("mutual TLS needs both --cert-file and --key-file");
      }
      TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder();
      if (caFile != null) {
        builder.trustManager(new File(caFile)); // else the JDK's default trust store
      }
      if (certFile != null) {
        builder.keyManager(new File(certFile), new File(keyFile));
      }
      return builder.build();
    }

    /** "Bearer <token>" read now (a projected token is rewritten before it expires), or null. */
    String bearer() throws IOException {
      if (tokenFile == null) {
        return null;
      }
      String token = Files.readString(Path.of(tokenFile), StandardCharsets.UTF_8).trim();
      if (token.isEmpty()) {
        throw new IllegalArgumentException(tokenFile + ": empty token file");
      }
      return "Bearer " + token;
    }
  }

  private RecognizeReceipt() {}

  public static void main(String[] args) throws Exception {
    String addr = "127.0.0.1:50051";
    String file = null;
    String requestId = "";
    String fault = "";
    String serviceConfig = null;
    long timeoutSeconds = 30;
    Auth auth = new Auth();
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--addr": addr = value; i++; break;
        case "--file": file = value; i++; break;
        case "--timeout": timeoutSeconds = Long.parseLong(value); i++; break;
        case "--request-id": requestId = value; i++; break;
        case "--emulator-fault": fault = value; i++; break;
        case "--service-config": serviceConfig = value; i++; break;
        case "--tls": auth.tls = true; break;
        case "--ca-file": auth.caFile = value; i++; break;
        case "--cert-file": auth.certFile = value; i++; break;
        case "--key-file": auth.keyFile = value; i++; break;
        case "--token-file": auth.tokenFile = value; i++; break;
        default:
          System.err.println("unknown argument " + args[i]);
          System.exit(2);
      }
    }
    if (file == null || addr == null) {
      System.err.println("usage: RecognizeReceipt [--addr HOST:PORT] --file IMAGE [--timeout SECONDS]");
      System.exit(2);
    }
    System.exit(run(addr, Path.of(file), timeoutSeconds, requestId, fault, serviceConfig, auth));
  }

  @SuppressWarnings("unchecked")
  private static int run(String addr, Path file, long timeoutSeconds, String requestId, String fault,
      String serviceConfigPath, Auth auth) throws IOException, InterruptedException {
    ChannelCredentials credentials;
    String bearer;
    try {
      credentials = auth.credentials();
      bearer = auth.bearer();
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("credentials: " + e.getMessage());
      return 2;
    }
    // clients/service_config.json (build.sh puts a copy in the jar): retry UNAVAILABLE and
    // RESOURCE_EXHAUSTED, 3 attempts with backoff, 30 s timeout per call.
    String json;
    if (serviceConfigPath != null) {
      json = Files.readString(Path.of(serviceConfigPath), StandardCharsets.UTF_8);
    } else {
      try (InputStream in = RecognizeReceipt.class.getResourceAsStream("/service_config.json")) {
        json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    ManagedChannel channel = Grpc.newChannelBuilder(addr, credentials)
        .defaultServiceConfig(new Gson().fromJson(json, Map.class))
        .enableRetry()
        .build();
    try {
      Metadata headers = new Metadata();
      headers.put(CLIENT_ID, "recognize-receipt-java");
      if (bearer != null) {
        headers.put(AUTHORIZATION, bearer);
      }
      if (!fault.isEmpty()) {
        headers.put(EMULATOR_FAULT, fault);
      }
      DocumentOcrServiceGrpc.DocumentOcrServiceBlockingStub stub =
          DocumentOcrServiceGrpc.newBlockingStub(channel)
              .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
              .withDeadlineAfter(timeoutSeconds, TimeUnit.SECONDS);
      RecognizeReceiptRequest request = RecognizeReceiptRequest.newBuilder()
          .setImage(Image.newBuilder().setContent(ByteString.copyFrom(Files.readAllBytes(file))))
          .setRequestId(requestId)
          .build();
      try {
        RecognizeReceiptResponse response = stub.recognizeReceipt(request);
        ReceiptResult result = response.getReceipt().getResult();
        System.out.println("store=" + value(result.getStoreInfo().getName())
            + " total=" + value(result.getTotalPrice().getPrice()));
        System.out.println("request_id=" + response.getHeader().getRequestId()
            + " infer_result=" + response.getImage().getInferResult());
        return 0;
      } catch (StatusRuntimeException e) {
        printError(e);
        return 1;
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static String value(StringObject o) {
    return !o.getFormatted().getValue().isEmpty() ? o.getFormatted().getValue() : o.getText();
  }

  private static String value(FloatObject o) {
    return !o.getFormatted().getValue().isEmpty() ? o.getFormatted().getValue() : o.getText();
  }

  private static void printError(StatusRuntimeException e) {
    // StatusProto reads the grpc-status-details-bin trailer as google.rpc.Status.
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    String reason = "";
    String clovaCode = "";
    String httpStatus = "";
    StringBuilder extra = new StringBuilder();
    if (status != null) {
      for (Any detail : status.getDetailsList()) {
        try {
          if (detail.is(ErrorInfo.class)) {
            ErrorInfo info = detail.unpack(ErrorInfo.class);
            reason = info.getReason();
            clovaCode = info.getMetadataOrDefault("clova_code", "");
            httpStatus = info.getMetadataOrDefault("http_status", "");
          } else if (detail.is(RetryInfo.class)) {
            RetryInfo retry = detail.unpack(RetryInfo.class);
            long millis = retry.getRetryDelay().getSeconds() * 1000
                + retry.getRetryDelay().getNanos() / 1_000_000;
            extra.append("retry_delay=").append(millis).append("ms\n");
          } else if (detail.is(QuotaFailure.class)) {
            for (QuotaFailure.Violation v : detail.unpack(QuotaFailure.class).getViolationsList()) {
              extra.append("quota_violation subject=\"").append(v.getSubject()).append("\"\n");
            }
          } else if (detail.is(BadRequest.class)) {
            for (BadRequest.FieldViolation v : detail.unpack(BadRequest.class).getFieldViolationsList()) {
              extra.append("field_violation field=").append(v.getField())
                  .append(" description=\"").append(v.getDescription()).append("\"\n");
            }
          } else if (detail.is(ClovaError.class)) {
            ClovaError c = detail.unpack(ClovaError.class);
            extra.append("clova_error code=\"").append(c.getCode()).append("\" message=\"")
                .append(c.getMessage()).append("\" http_status=").append(c.getHttpStatus()).append('\n');
          }
        } catch (InvalidProtocolBufferException ignored) {
          extra.append("undecodable_detail=").append(detail.getTypeUrl()).append('\n');
        }
      }
    }
    System.out.println("code=" + e.getStatus().getCode() + " reason=" + reason + " clova_code=" + clovaCode);
    System.out.println("message=\"" + e.getStatus().getDescription() + "\" http_status=" + httpStatus);
    System.out.print(extra);
  }
}
