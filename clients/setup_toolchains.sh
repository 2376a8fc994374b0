#!/usr/bin/env bash
# Installs what the client examples and their checks need, from Debian's packages and npm only
# (no other downloads: Go builds offline from Debian's Go sources). Idempotent: apt runs only when
# a package is missing; `npm ci` reinstalls clients/node/node_modules from package-lock.json only
# when the lock file changed since the last install (a hash in node_modules/.bootstrap-lock-sha256).
#
# Usage: clients/setup_toolchains.sh [--java] [--no-npm]
#   --java    also the Java toolchain (grpc-java 1.41 from Debian) for clients/java/build.sh
#   --no-npm  skip `npm ci`
# Debian packages are installed as root, or through sudo when it exists; otherwise the script says
# what to install.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WITH_JAVA=0
WITH_NPM=1
for arg in "$@"; do
  case "$arg" in
    --java) WITH_JAVA=1 ;;
    --no-npm) WITH_NPM=0 ;;
    *) echo "unknown option $arg" >&2; exit 2 ;;
  esac
done

PACKAGES=(
  # Go: toolchain (1.19), protoc + plugins, and the library sources under /usr/share/gocode/src.
  golang-go
  protobuf-compiler
  libprotobuf-dev                       # well-known .proto files (google/protobuf/struct.proto)
  protoc-gen-go
  protoc-gen-go-grpc
  golang-google-grpc-dev                # google.golang.org/grpc 1.33.3
  golang-google-protobuf-dev            # google.golang.org/protobuf 1.28.1
  golang-google-genproto-dev            # google.golang.org/genproto/googleapis/rpc/errdetails
  golang-github-golang-protobuf-1-5-dev # grpc-go needs the APIv2-based 1.5; apt would pick 1.3
)
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  PACKAGES+=(nodejs npm)
fi
if ((WITH_JAVA)); then
  PACKAGES+=(
    openjdk-17-jdk-headless
    protobuf-compiler-grpc-java-plugin  # /usr/bin/grpc_java_plugin
    libgrpc-java                        # grpc-api/core/netty/protobuf/stub 1.41.3
    libprotobuf-java
    libnetty-java
    libguava-java
    libgoogle-gson-java
    libnetty-tcnative-java              # TLS for grpc-java: Debian's netty lacks JDK ALPN
    libnetty-tcnative-jni
    libperfmark-java
    libgeronimo-annotation-1.3-spec-java  # javax.annotation.Generated for javac
    libjsr305-java
    liberror-prone-java
  )
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  SUDO=()
  if [[ "$(id -u)" != 0 ]]; then
    if ! command -v sudo >/dev/null; then
      echo "missing Debian packages: ${missing[*]}" >&2
      echo "run as root: apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
      exit 1
    fi
    SUDO=(sudo)
  fi
  echo "installing: ${missing[*]}"
  "${SUDO[@]}" apt-get update
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${PACKAGES[@]}"
else
  echo "Debian packages already installed (${#PACKAGES[@]})"
fi

if ((WITH_NPM)); then
  stamp="$HERE/node/node_modules/.bootstrap-lock-sha256"
  lock_hash="$(cat "$HERE/node/package.json" "$HERE/node/package-lock.json" | sha256sum | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$lock_hash" ]]; then
    echo "clients/node/node_modules in sync with package-lock.json"
  else
    # npm ci starts from an empty node_modules, so the stamp is written only after a full install.
    (cd "$HERE/node" && npm ci --no-audit --no-fund)
    echo "$lock_hash" >"$stamp"
  fi
fi
echo "toolchains ready: $(go version 2>/dev/null | cut -d' ' -f3), $(protoc --version), node $(node --version)"
