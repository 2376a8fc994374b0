#!/usr/bin/env bash
# Generates the Java stubs (messages + gRPC) into $1 (default clients/java/build/gen) with Debian's
# protoc (protobuf-compiler) and grpc-java plugin (protobuf-compiler-grpc-java-plugin).
# The stubs are NOT committed (about 5 MB of Java); build.sh runs this first.
#
# google/rpc/{status,error_details}.proto come from clients/proto-vendor: Debian's
# proto-google-common-protos 1.16.0 predates google.rpc.ErrorInfo, so the classes of both files
# are generated here and that jar is kept off the classpath.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="${1:-$HERE/build/gen}"
PLUGIN="${GRPC_JAVA_PLUGIN:-/usr/bin/grpc_java_plugin}"
for tool in protoc "$PLUGIN"; do
  command -v "$tool" >/dev/null || { echo "missing $tool: run clients/setup_toolchains.sh --java" >&2; exit 1; }
done
rm -rf "$OUT" && mkdir -p "$OUT"
cd "$ROOT/proto"
mapfile -t PROTOS < <(find clova -name '*.proto' | LC_ALL=C sort)
protoc -I"$ROOT/proto" -I"$ROOT/clients/proto-vendor" -I/usr/include \
  --plugin=protoc-gen-grpc-java="$PLUGIN" \
  --java_out="$OUT" --grpc-java_out="$OUT" \
  "${PROTOS[@]}" google/rpc/status.proto google/rpc/error_details.proto
echo "generated $(find "$OUT" -name '*.java' | wc -l) Java files into $OUT"
