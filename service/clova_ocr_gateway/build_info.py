"""What build this is: the version and the git commit exported as `clova_ocr_build_info`.

An installed wheel carries `_build_info.json`, written when it was built (setup.py). A source
checkout (an editable install, tests) has no such file and asks git instead.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
from importlib import resources
from pathlib import Path

from clova_ocr_gateway import __version__

__all__ = ["UNKNOWN", "git_commit", "version"]

UNKNOWN = "unknown"
_COMMIT = re.compile(r"[0-9a-f]{7,40}")
# service/clova_ocr_gateway/build_info.py -> the checkout's top directory.
_CHECKOUT = Path(__file__).resolve().parents[2]


def version() -> str:
    return __version__


@functools.cache
def git_commit() -> str:
    """The commit this code was built from, or "unknown"."""
    try:
        recorded = resources.files("clova_ocr_gateway").joinpath("_build_info.json").read_text()
    except (FileNotFoundError, OSError):
        return _checkout_commit()
    try:
        commit = json.loads(recorded).get("git_commit", UNKNOWN)
    except (ValueError, AttributeError):
        return UNKNOWN
    return commit if isinstance(commit, str) and _COMMIT.fullmatch(commit) else UNKNOWN


def _checkout_commit() -> str:
    git = shutil.which("git")
    if git is None or not (_CHECKOUT / ".git").exists():
        return UNKNOWN  # e.g. a container image, where no git is installed
    try:
        result = subprocess.run(
            [git, "-C", str(_CHECKOUT), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return UNKNOWN
    commit = result.stdout.strip()
    return commit if result.returncode == 0 and _COMMIT.fullmatch(commit) else UNKNOWN
