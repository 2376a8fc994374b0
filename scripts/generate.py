"""Generate the Python protobuf/gRPC code from proto/ (the only way generated code is made).

Usage: python scripts/generate.py [--check]
  --check  generate into a temporary folder and fail if the committed code differs (CI drift check).
"""

from __future__ import annotations

import argparse
import filecmp
import importlib.metadata
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROTO_ROOT = ROOT / "proto"
OUT_ROOT = ROOT / "service"
GENERATED_PACKAGE = "clova"
PINNED_GRPCIO_TOOLS = "1.85.1"
PINNED_MYPY_PROTOBUF = "5.1.0"  # types the *_pb2_grpc modules (grpcio-tools' .pyi covers _pb2)


def _generate(out: Path) -> None:
    from grpc_tools import protoc  # imported late: only the dev extra has it

    for package, pinned in (
        ("grpcio-tools", PINNED_GRPCIO_TOOLS),
        ("mypy-protobuf", PINNED_MYPY_PROTOBUF),
    ):
        installed = importlib.metadata.version(package)
        if installed != pinned:
            sys.exit(f"{package} {pinned} is pinned, found {installed}")
    mypy_grpc_plugin = Path(sys.executable).parent / "protoc-gen-mypy_grpc"
    # Only our own files: proto/google/ holds googleapis' status.proto, whose Python module
    # comes with googleapis-common-protos (and is found through PROTO_ROOT for the import).
    protos = sorted(
        str(p.relative_to(PROTO_ROOT)) for p in (PROTO_ROOT / "clova").rglob("*.proto")
    )
    wkt = Path(protoc.__file__).parent / "_proto"
    args = [
        "grpc_tools.protoc",
        f"-I{PROTO_ROOT}",
        f"-I{wkt}",
        f"--python_out={out}",
        f"--pyi_out={out}",
        f"--grpc_python_out={out}",
        f"--plugin=protoc-gen-mypy_grpc={mypy_grpc_plugin}",
        f"--mypy_grpc_out={out}",
        *protos,
    ]
    if protoc.main(args) != 0:
        sys.exit("protoc failed")
    # Make every generated folder a regular package so setuptools ships it.
    for folder in [out / GENERATED_PACKAGE, *(out / GENERATED_PACKAGE).rglob("*")]:
        if folder.is_dir():
            (folder / "__init__.py").touch()


def _tree(root: Path) -> set[Path]:
    return {
        p.relative_to(root) for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if committed code is stale")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp)
        _generate(fresh)
        committed = OUT_ROOT / GENERATED_PACKAGE
        if args.check:
            fresh_files = _tree(fresh / GENERATED_PACKAGE)
            old_files = _tree(committed) if committed.exists() else set()
            stale = sorted(
                str(p)
                for p in fresh_files | old_files
                if p not in fresh_files
                or p not in old_files
                or not filecmp.cmp(fresh / GENERATED_PACKAGE / p, committed / p, shallow=False)
            )
            if stale:
                print(
                    "generated code is out of date; run: python scripts/generate.py",
                    file=sys.stderr,
                )
                print("\n".join(f"  {s}" for s in stale), file=sys.stderr)
                return 1
            print("generated code is in sync with proto/")
            return 0
        shutil.rmtree(committed, ignore_errors=True)
        shutil.copytree(fresh / GENERATED_PACKAGE, committed)
        print(f"generated {len(_tree(committed))} files into {committed.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
