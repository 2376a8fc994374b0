"""Generate the client's own copy of the gateway's Python stubs (run with the main venv).

Usage: .venv/bin/python clients/python/generate.py [--check] [--out DIR]
  --check    generate into a temporary folder and fail if the committed files differ (drift check)
  --out DIR  write the package tree (clova_ocr_client/_gen/..., service_config.json) under DIR

grpcio-tools and mypy-protobuf are needed only here, at generation time; the generated modules
need grpcio and protobuf at run time. protoc's Python generator imports sibling modules by their
absolute proto path (`from clova.ocr.document.v1 import fields_pb2`), so the output is rewritten
to live in `clova_ocr_client._gen.clova.ocr.document.v1` instead of a top-level `clova` package.
That keeps the client installable next to the gateway (which ships `clova.ocr.document.v1`
itself) without two distributions owning the same files; both copies register the same proto
files, which protobuf accepts as long as they are identical (same proto/ revision).
"""

from __future__ import annotations

import argparse
import filecmp
import importlib.metadata
import re
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PROTO_ROOT = ROOT / "proto"
PACKAGE_DIR = HERE / "src" / "clova_ocr_client"
GEN = "_gen"
GEN_PACKAGE = "clova_ocr_client._gen"
SERVICE_CONFIG = ROOT / "clients" / "service_config.json"
# Same generators as the gateway's scripts/generate.py.
PINNED = {"grpcio-tools": "1.85.1", "mypy-protobuf": "5.1.0"}

_FROM_IMPORT = re.compile(r"^from clova\.ocr\.document\.v1 import ", re.MULTILINE)
_MODULE_NAME = re.compile(r"(['\"])clova\.ocr\.document\.v1\.(\w+_pb2)\1")


def _generate(package_out: Path) -> None:
    """Write _gen/ and service_config.json into package_out (a clova_ocr_client folder)."""
    from grpc_tools import protoc  # only the main venv's dev extra has it

    for package, pinned in PINNED.items():
        installed = importlib.metadata.version(package)
        if installed != pinned:
            sys.exit(f"{package} {pinned} is pinned, found {installed}")
    # mypy-protobuf types the *_pb2_grpc modules (grpcio-tools' --pyi_out covers *_pb2).
    mypy_grpc_plugin = Path(sys.executable).parent / "protoc-gen-mypy_grpc"
    gen = package_out / GEN
    gen.mkdir(parents=True)
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
        f"--python_out={gen}",
        f"--pyi_out={gen}",
        f"--grpc_python_out={gen}",
        f"--plugin=protoc-gen-mypy_grpc={mypy_grpc_plugin}",
        f"--mypy_grpc_out={gen}",
        *protos,
    ]
    if protoc.main(args) != 0:
        sys.exit("protoc failed")
    for path in sorted(gen.rglob("*.py*")):
        text = path.read_text(encoding="utf-8")
        text = _FROM_IMPORT.sub(f"from {GEN_PACKAGE}.clova.ocr.document.v1 import ", text)
        text = _MODULE_NAME.sub(rf"\1{GEN_PACKAGE}.clova.ocr.document.v1.\2\1", text)
        path.write_text(text, encoding="utf-8")
    for folder in [gen, *gen.rglob("*")]:
        if folder.is_dir():
            (folder / "__init__.py").write_text(
                '"""Generated from proto/ by clients/python/generate.py; do not edit."""\n'
                if folder == gen
                else ""
            )
    shutil.copyfile(SERVICE_CONFIG, package_out / "service_config.json")


def _tree(root: Path) -> set[Path]:
    return {
        p.relative_to(root) for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    }


def _outputs(package_dir: Path) -> set[Path]:
    files = (
        {Path(GEN) / p for p in _tree(package_dir / GEN)} if (package_dir / GEN).exists() else set()
    )
    if (package_dir / "service_config.json").exists():
        files.add(Path("service_config.json"))
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if committed files are stale")
    parser.add_argument("--out", type=Path, help="write under DIR instead of src/")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "clova_ocr_client"
        _generate(fresh)
        if args.check:
            new, old = _outputs(fresh), _outputs(PACKAGE_DIR)
            stale = sorted(
                str(p)
                for p in new | old
                if p not in new
                or p not in old
                or not filecmp.cmp(fresh / p, PACKAGE_DIR / p, shallow=False)
            )
            if stale:
                print(
                    "clients/python stubs are out of date; run: "
                    ".venv/bin/python clients/python/generate.py",
                    file=sys.stderr,
                )
                print("\n".join(f"  {s}" for s in stale), file=sys.stderr)
                return 1
            print("clients/python stubs are in sync with proto/")
            return 0
        target = (args.out / "clova_ocr_client") if args.out else PACKAGE_DIR
        target.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(target / GEN, ignore_errors=True)
        shutil.copytree(fresh / GEN, target / GEN)
        shutil.copyfile(fresh / "service_config.json", target / "service_config.json")
        print(f"generated {len(_outputs(target))} files into {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
