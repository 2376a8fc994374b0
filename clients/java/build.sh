#!/usr/bin/env bash
# Builds the Java example offline with javac and Debian's jars (/usr/share/java): no Maven or
# Gradle repository is reachable here. Output: clients/java/build/recognize-receipt.jar and the
# launcher clients/java/build/recognize-receipt (runs it with the right classpath).
#
# Usage: clients/java/build.sh [OUT_DIR]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${1:-$HERE/build}"
J=/usr/share/java
# Compile + run time classpath (Debian 12 versions: grpc-java 1.41.3, protobuf-java 3.21.12,
# netty 4.1.48, guava 31.1). proto-google-common-protos is deliberately absent (see generate.sh).
CP_JARS=(
  grpc-api grpc-context grpc-core grpc-netty grpc-protobuf grpc-protobuf-lite grpc-stub
  protobuf guava gson perfmark-api
  netty-buffer netty-codec netty-codec-http netty-codec-http2 netty-codec-socks netty-common
  netty-handler netty-handler-proxy netty-resolver netty-transport
  # TLS: Debian's netty has no JDK ALPN, so grpc-java negotiates HTTP/2 through OpenSSL.
  netty-tcnative
)
COMPILE_ONLY=(geronimo-annotation-1.3-spec jsr305 error-prone-annotations)  # @Generated etc.
cp_of() { local IFS=:; local -a paths=(); for j in "$@"; do paths+=("$J/$j.jar"); done; echo "${paths[*]}"; }
for j in "${CP_JARS[@]}" "${COMPILE_ONLY[@]}"; do
  [[ -f "$J/$j.jar" ]] || { echo "missing $J/$j.jar: run clients/setup_toolchains.sh --java" >&2; exit 1; }
done
command -v javac >/dev/null || { echo "missing javac (openjdk-17-jdk-headless)" >&2; exit 1; }

"$HERE/generate.sh" "$OUT/gen" >/dev/null
rm -rf "$OUT/classes" && mkdir -p "$OUT/classes"
find "$OUT/gen" "$HERE/src/main/java" -name '*.java' >"$OUT/sources.txt"
javac -nowarn -encoding UTF-8 --release 17 -d "$OUT/classes" \
  -cp "$(cp_of "${CP_JARS[@]}" "${COMPILE_ONLY[@]}")" @"$OUT/sources.txt" 2>&1 | grep -v '^Note:' || true
[[ -f "$OUT/classes/com/clovaocrgateway/examples/RecognizeReceipt.class" ]] || { echo "javac failed" >&2; exit 1; }
cp "$HERE/../service_config.json" "$OUT/classes/service_config.json"
jar --create --file "$OUT/recognize-receipt.jar" -C "$OUT/classes" .
RUN_CP="$OUT/recognize-receipt.jar:$(cp_of "${CP_JARS[@]}")"
# OpenSSL for TLS: Debian ships libnetty-tcnative.so, netty looks for libnetty_tcnative.so and
# refuses a symlink (it checks the path it loaded from), so the build keeps a renamed copy.
TCNATIVE_DIR="$OUT/native"
mkdir -p "$TCNATIVE_DIR"
cp "/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)/jni/libnetty-tcnative.so" \
  "$TCNATIVE_DIR/libnetty_tcnative.so"
cat >"$OUT/recognize-receipt" <<SH
#!/bin/sh
exec java -Djava.library.path=$TCNATIVE_DIR -cp "$RUN_CP" com.clovaocrgateway.examples.RecognizeReceipt "\$@"
SH
chmod +x "$OUT/recognize-receipt"
echo "built $OUT/recognize-receipt.jar (run: $OUT/recognize-receipt --file IMAGE)"
