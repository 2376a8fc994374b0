# syntax=docker/dockerfile:1
#
# clova-ocr-gateway container image (see docs/deploy.md).
#
#   docker build --build-arg GIT_COMMIT="$(git rev-parse HEAD)" -t clova-ocr-gateway:0.1.0 .
#   docker run --rm --read-only --tmpfs /tmp -p 50051:50051 -p 9464:9464 \
#       clova-ocr-gateway:0.1.0 --emulator
#
# Two stages: `builder` turns the source tree into a wheel; `runtime` starts again from the
# clean slim base and installs only that wheel (and its binary-wheel dependencies) into a
# virtualenv, so no build tooling, source tree or pip cache reaches the shipped image.
# Needs BuildKit (the default builder since Docker 23) for the RUN --mount below.

ARG PYTHON_IMAGE=python:3.11.15-slim-bookworm

# ---------------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS builder

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

WORKDIR /src
RUN pip install --no-cache-dir "build==1.6.1"

# The commit being built, for clova_ocr_build_info{git_commit} (the context has no .git):
#   docker build --build-arg GIT_COMMIT="$(git rev-parse HEAD)" ...
ARG GIT_COMMIT=unknown

COPY pyproject.toml setup.py README.md ./
COPY service/ service/
RUN CLOVA_OCR_GIT_COMMIT="${GIT_COMMIT}" python -m build --wheel --outdir /dist .

# ---------------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

ARG APP_UID=10001
ARG GIT_COMMIT=unknown

LABEL org.opencontainers.image.title="clova-ocr-gateway" \
      org.opencontainers.image.description="Typed gRPC gateway in front of NAVER CLOVA OCR Document API" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.revision="${GIT_COMMIT}"

# PYTHONDONTWRITEBYTECODE: the root filesystem is read-only in Kubernetes; pip compiles the
# bytecode at install time below, so nothing needs writing at run time (only /tmp is writable).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH

RUN groupadd --system --gid "${APP_UID}" ocr \
    && useradd --system --uid "${APP_UID}" --gid ocr --no-create-home \
        --home-dir /nonexistent --shell /usr/sbin/nologin ocr

# The wheel is bind-mounted from the builder stage, so it never becomes a layer of this image.
# --only-binary: every dependency must come as a wheel; there is no compiler here to fall back on.
# --constraint: every runtime dependency at the version constraints.txt pins, so two builds of
# one commit install the same packages (refresh the pins with scripts/lock_constraints).
# [otel]: OCR_OTEL_ENABLED=true exports spans without rebuilding the image.
RUN --mount=type=bind,from=builder,source=/dist,target=/dist \
    --mount=type=bind,source=constraints.txt,target=/tmp/constraints.txt \
    python -m venv "${VIRTUAL_ENV}" \
    && set -- /dist/*.whl \
    && "${VIRTUAL_ENV}/bin/pip" install --no-cache-dir --only-binary=:all: \
        --constraint /tmp/constraints.txt "$1[otel]" \
    && "${VIRTUAL_ENV}/bin/python" -c \
        "import clova_ocr_gateway, opentelemetry.exporter.otlp.proto.grpc.trace_exporter" \
    && rm -rf "$HOME/.cache"

USER ${APP_UID}:${APP_UID}

# 50051: gRPC (OCR_PORT / --port); 9464: Prometheus /metrics (OCR_METRICS_PORT / --metrics-port)
EXPOSE 50051 9464

# SIGTERM starts the graceful drain (readiness NOT_SERVING, in-flight calls get
# OCR_SHUTDOWN_GRACE_SECONDS). Liveness/readiness are gRPC health checks run by the
# orchestrator (Kubernetes grpc probes), so no HEALTHCHECK here.
STOPSIGNAL SIGTERM
ENTRYPOINT ["clova-ocr-gateway", "serve"]
