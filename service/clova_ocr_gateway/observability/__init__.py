"""Observability: what the gateway tells operators about each call.

`interceptors.MetricsAndLoggingInterceptor` wraps every RPC, `callcontext.CallRecord` carries what
the call learned to its single `rpc_finished` log line, `metrics.GatewayMetrics` owns the Prometheus
registry, `logs` configures structlog with redaction, and `tracing` propagates W3C trace context
(with optional OpenTelemetry spans).
"""
