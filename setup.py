"""Build hook: the wheel records the git commit it was built from, for `clova_ocr_build_info`.

Everything else about the package is in pyproject.toml. At build time `build_py` writes
`clova_ocr_gateway/_build_info.json` into the build tree (never into the source tree, so no
committed file can go stale). The commit comes from CLOVA_OCR_GIT_COMMIT when set (the
Dockerfile passes its GIT_COMMIT build argument this way: its build context has no .git), else
from `git rev-parse HEAD` when the project directory is the top of a git work tree, else
"unknown".
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
BUILD_INFO = "_build_info.json"
_COMMIT = re.compile(r"[0-9a-f]{7,40}")


def _git(*args: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", *args], cwd=HERE, capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def git_commit() -> str:
    """The commit being built, or "unknown" (never a malformed value: it becomes a label)."""
    given = os.environ.get("CLOVA_OCR_GIT_COMMIT", "").strip().lower()
    if _COMMIT.fullmatch(given):
        return given
    # Only our own work tree: an unpacked sdist inside another repository must not claim
    # that repository's commit.
    top = _git("rev-parse", "--show-toplevel")
    if top is not None and Path(top).resolve() == HERE:
        commit = _git("rev-parse", "HEAD")
        if commit is not None and _COMMIT.fullmatch(commit):
            return commit
    return "unknown"


class BuildPyWithCommit(build_py):
    """`build_py` that also writes the build identity into the built package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads git at run time (build_info.py)
        target = Path(self.build_lib) / "clova_ocr_gateway" / BUILD_INFO
        target.write_text(json.dumps({"git_commit": git_commit()}) + "\n", encoding="utf-8")

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs: list[str] = super().get_outputs(include_bytecode)
        return [*outputs, str(Path(self.build_lib) / "clova_ocr_gateway" / BUILD_INFO)]


setup(cmdclass={"build_py": BuildPyWithCommit})
