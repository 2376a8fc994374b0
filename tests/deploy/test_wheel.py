"""The image's build path, without a Docker engine: the wheel the Dockerfile's builder stage
makes from exactly the files it is given (its COPY sources, minus .dockerignore), and the
runtime stage's steps (`python -m venv`, `pip install --only-binary=:all: <wheel>`) giving a
gateway that starts, answers a real gRPC call and drains on SIGTERM.

Everything happens under pytest's tmp_path: the work tree gets no build/, dist/ or egg-info.
Installing the wheel fetches its dependencies (grpcio, …) from the package index, so this test
takes a while."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from imaging_samples import tiny_png
from tests_support import ServerProcess, wait_until_started

from clova.ocr.document.v1 import document_ocr_service_pb2 as service_pb2
from clova.ocr.document.v1 import document_ocr_service_pb2_grpc as service_grpc
from clova.ocr.document.v1 import image_pb2
from clova_ocr_gateway.domains import Domain

from .image import copy_build_context, parse_dockerfile
from .tools import DOCKERFILE, REPO

PACKAGES = ("clova", "clova_ocr_gateway")
CONSTRAINTS = REPO / "constraints.txt"
PIP_WHEEL = (sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation")
PROTO_DIR = REPO / "proto" / "clova" / "ocr" / "document" / "v1"
GENERATED = "clova/ocr/document/v1"
FIXTURES = "clova_ocr_gateway/emulator/fixtures"
GRACE_SECONDS = 5.0
BUILD_TIMEOUT_SECONDS = 300
INSTALL_TIMEOUT_SECONDS = 600

# The first test to need the venv waits for pip; the ini-wide 120 s timeout is too short.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(BUILD_TIMEOUT_SECONDS + INSTALL_TIMEOUT_SECONDS),
]


@pytest.fixture(scope="module")
def build_context(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What the builder stage receives: its COPY sources, filtered by .dockerignore."""
    _, stages = parse_dockerfile(DOCKERFILE.read_text())
    (builder,) = [s for s in stages if s.name == "builder"]
    context = tmp_path_factory.mktemp("context")
    copied = copy_build_context(builder, context)
    assert "pyproject.toml" in copied
    assert not [p for p in copied if "__pycache__" in p or ".egg-info" in p or p.endswith(".pyc")]
    return context


def head_commit() -> str:
    """The commit of this checkout, as `docker build --build-arg GIT_COMMIT=...` would pass it."""
    result = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "HEAD"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    commit = result.stdout.strip()
    assert re.fullmatch(r"[0-9a-f]{40}", commit), commit
    return commit


@pytest.fixture(scope="module")
def wheel(build_context: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The builder's `CLOVA_OCR_GIT_COMMIT="${GIT_COMMIT}" python -m build --wheel --outdir
    /dist .`, run in the copied context (which, like Docker's, has no .git)."""
    assert not (build_context / ".git").exists()
    dist = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), "."],
        cwd=build_context,
        env={**os.environ, "CLOVA_OCR_GIT_COMMIT": head_commit()},
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_SECONDS,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    (built,) = dist.glob("*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv with the wheel installed the way the runtime stage does it."""
    venv = tmp_path_factory.mktemp("runtime") / "venv"
    run([sys.executable, "-m", "venv", str(venv)], timeout=120)
    # As in the Dockerfile: every dependency as a wheel (no compiler in the image), at the
    # versions constraints.txt pins, with the otel extra. --no-cache-dir is left out: it keeps
    # pip's cache out of an image layer, here it only slows.
    run(
        [
            str(venv / "bin" / "pip"),
            "install",
            "--only-binary=:all:",
            "--constraint",
            str(CONSTRAINTS),
            f"{wheel}[otel]",
        ],
        timeout=INSTALL_TIMEOUT_SECONDS,
    )
    return venv


def pins() -> dict[str, str]:
    """constraints.txt as {normalised name: version}."""
    found: dict[str, str] = {}
    for line in CONSTRAINTS.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            found[re.sub(r"[-_.]+", "-", name).lower()] = version.strip()
    return found


def test_the_installed_dependencies_are_exactly_the_pinned_ones(installed: Path) -> None:
    frozen = run([str(installed / "bin" / "pip"), "freeze", "--exclude", "clova-ocr-gateway"], 120)
    got = {}
    for line in frozen.splitlines():
        name, _, version = line.partition("==")
        got[re.sub(r"[-_.]+", "-", name).lower()] = version
    # Every package the wheel (with its otel extra) pulled in is pinned, at that version.
    assert got == pins()


def test_a_wheel_built_from_a_git_checkout_records_its_head(tmp_path: Path) -> None:
    """`pip install .` from a clone needs no build argument: setup.py asks git."""
    clone = tmp_path / "clone"
    commit = head_commit()
    run(["git", "clone", "-q", "--no-checkout", str(REPO), str(clone)], timeout=120)
    run(["git", "-C", str(clone), "checkout", "-q", commit], timeout=120)
    env = {k: v for k, v in clean_env().items() if k != "CLOVA_OCR_GIT_COMMIT"}
    out = tmp_path / "out"
    result = subprocess.run(
        # The dev venv's setuptools (no isolated env to download): only the hook is on trial.
        [*PIP_WHEEL, "-w", str(out), str(clone)],
        env=env,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_SECONDS,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    (built,) = out.glob("*.whl")
    recorded = json.loads(zipfile.ZipFile(built).read("clova_ocr_gateway/_build_info.json"))
    assert recorded == {"git_commit": commit}


def clean_env() -> dict[str, str]:
    """The environment minus anything that could make the venv see this checkout or settings:
    no PYTHONPATH/VIRTUAL_ENV, no OCR_* variables."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "OCR_")) and k != "VIRTUAL_ENV"
    }
    env.update(PYTHONUNBUFFERED="1", PYTHONDONTWRITEBYTECODE="1", OCR_LOG_FORMAT="json")
    return env


def run(command: list[str], timeout: float, cwd: Path | None = None) -> str:
    result = subprocess.run(
        command,
        cwd=cwd,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, f"{command} failed:\n{result.stdout[-4000:]}{result.stderr}"
    return result.stdout


def test_wheel_holds_the_service_the_generated_code_and_the_emulator_fixtures(
    wheel: Path, build_context: Path
) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    # Every module, stub, marker and data file of the packages is in the wheel...
    sources = {
        p.relative_to(build_context / "service").as_posix()
        for package in PACKAGES
        for p in (build_context / "service" / package).rglob("*")
        if p.is_file() and (p.suffix in (".py", ".pyi", ".json") or p.name == "py.typed")
    }
    assert sources, "no package sources were copied into the build context"
    assert sorted(sources - names) == []
    # ...in particular the code generated from every proto file, with its type stubs...
    for proto in sorted(PROTO_DIR.glob("*.proto")):
        for suffix in ("_pb2.py", "_pb2.pyi", "_pb2_grpc.py"):
            assert f"{GENERATED}/{proto.stem}{suffix}" in names
    assert "clova_ocr_gateway/py.typed" in names
    # ...and the emulator's canned answer for every domain.
    for domain in Domain:
        assert f"{FIXTURES}/{domain.name.lower()}.json" in names
    # Nothing else: no tests, caches or compiled files.
    dist_info = re.compile(r"^clova_ocr_gateway-[^/]+\.dist-info/")
    strays = [
        n
        for n in names
        if not (n.startswith(tuple(f"{p}/" for p in PACKAGES)) or dist_info.match(n))
        or "__pycache__" in n
        or n.endswith(".pyc")
    ]
    assert strays == []
    (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert re.search(r"^clova-ocr-gateway = clova_ocr_gateway\.cli:main$", text, re.MULTILINE)


def test_installed_wheel_is_self_contained_and_has_the_cli(installed: Path, tmp_path: Path) -> None:
    # Imported from the venv's site-packages, not from this checkout.
    where = run(
        [
            str(installed / "bin" / "python"),
            "-c",
            "import clova_ocr_gateway, clova.ocr.document.v1.receipt_pb2 as r; "
            "print(clova_ocr_gateway.__file__); print(r.__file__)",
        ],
        timeout=60,
        cwd=tmp_path,
    )
    for path in where.split():
        assert Path(path).is_relative_to(installed), path
    help_text = run([str(installed / "bin" / "clova-ocr-gateway"), "--help"], timeout=60)
    for command in ("serve", "emulator", "recognize"):
        assert command in help_text


@pytest.fixture
def installed_gateway(installed: Path, tmp_path: Path) -> Iterator[ServerProcess]:
    """`clova-ocr-gateway serve --emulator` from the installed console script."""
    process = subprocess.Popen(
        [
            str(installed / "bin" / "clova-ocr-gateway"),
            "serve",
            "--emulator",
            "--port",
            "0",
            "--metrics-port",
            "0",
        ],
        cwd=tmp_path,
        env={**clean_env(), "OCR_SHUTDOWN_GRACE_SECONDS": str(GRACE_SECONDS)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield wait_until_started(process)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def test_installed_gateway_answers_a_real_call_and_drains_on_sigterm(
    installed_gateway: ServerProcess,
) -> None:
    server = installed_gateway
    with grpc.insecure_channel(f"127.0.0.1:{server.port}") as channel:
        response = service_grpc.DocumentOcrServiceStub(channel).RecognizeReceipt(
            service_pb2.RecognizeReceiptRequest(
                image=image_pb2.Image(content=tiny_png(), name="receipt-1"),
                request_id="wheel-1",
            ),
            timeout=30,
        )
    assert response.header.request_id == "wheel-1"
    assert response.image.name == "receipt-1"
    assert response.image.infer_result == image_pb2.INFER_RESULT_SUCCESS
    # The typed result is the packaged fixture's, converted.
    fixture = json.loads((REPO / "service" / FIXTURES / "receipt.json").read_text())
    store = fixture["images"][0]["receipt"]["result"]["storeInfo"]["name"]["text"]
    assert response.receipt.result.store_info.name.text == store

    assert server.metrics_port
    with urllib.request.urlopen(f"http://127.0.0.1:{server.metrics_port}/metrics", timeout=10) as r:
        exposition = r.read().decode()
    assert 'grpc_server_handled_total{grpc_code="OK"' in exposition
    # The commit the wheel was built from, written into it at build time.
    (build_info,) = [
        line for line in exposition.splitlines() if line.startswith("clova_ocr_build_info{")
    ]
    assert f'git_commit="{head_commit()}"' in build_info
    assert 'version="0.1.0"' in build_info
    assert "_created" not in exposition

    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(timeout=GRACE_SECONDS + 10) == 0
    assert server.reader is not None
    server.reader.join(timeout=5)
    events = [json.loads(line).get("event") for line in server.lines if line.startswith("{")]
    assert "draining" in events and events[-1] == "stopped"
