#!/usr/bin/env bash
# Generates the Go stubs of clova.ocr.document.v1 into clients/go/gen/ (or into $1/gen), and copies
# clients/service_config.json to cmd/recognize-receipt/ for go:embed.
#
# Uses only Debian's offline tools: protoc (protobuf-compiler), protoc-gen-go (protoc-gen-go)
# and protoc-gen-go-grpc (protoc-gen-go-grpc); no buf remote plugins, no network.
#
# The protos say go_package "clova-ocr-gateway/gen/go/clova/ocr/document/v1;documentv1", which is
# outside this Go module (clova-ocr-gateway/clients/go). `M` options map every proto file to
# clova-ocr-gateway/clients/go/gen/clova/ocr/document/v1 (package documentv1) instead, and
# `module=` strips the module prefix so the files land in ./gen/clova/ocr/document/v1.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PROTO_ROOT="$ROOT/proto"
MODULE="clova-ocr-gateway/clients/go"
GO_PKG="$MODULE/gen/clova/ocr/document/v1;documentv1"
OUT="${1:-$HERE}"

for tool in protoc protoc-gen-go protoc-gen-go-grpc; do
  command -v "$tool" >/dev/null || { echo "missing $tool: run clients/setup_toolchains.sh" >&2; exit 1; }
done

cd "$PROTO_ROOT"
mapfile -t PROTOS < <(find clova -name '*.proto' | LC_ALL=C sort)
M_OPTS=()
for p in "${PROTOS[@]}"; do
  M_OPTS+=("--go_opt=M$p=$GO_PKG" "--go-grpc_opt=M$p=$GO_PKG")
done

if [[ "$OUT" == "$HERE" ]]; then
  rm -rf "$HERE/gen"
fi
mkdir -p "$OUT"
# -I/usr/include: well-known types (google/protobuf/struct.proto) from Debian's libprotobuf-dev.
protoc -I"$PROTO_ROOT" -I/usr/include \
  --go_out="$OUT" --go_opt=module="$MODULE" \
  --go-grpc_out="$OUT" --go-grpc_opt=module="$MODULE" \
  "${M_OPTS[@]}" \
  "${PROTOS[@]}"
# The example embeds a copy of the shared service config (go:embed cannot reach outside the module).
mkdir -p "$OUT/cmd/recognize-receipt"
cp "$ROOT/clients/service_config.json" "$OUT/cmd/recognize-receipt/service_config.json"
echo "generated Go stubs into $OUT/gen ($(protoc --version), $(protoc-gen-go --version), $(protoc-gen-go-grpc --version))"
