"""scripts/check_hygiene.py: the real repository passes; a copy of it in a temporary git repository
fails once a tracked ignored file or a machine path is planted, and not for generated, binary or
relative ones."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "check_hygiene.py"

# Machine paths are assembled at run time so that this file does not name one itself.
SLASH = "/"
FAKE_HOME = "/srv/people/alice"
FAKE_PYENV_ROOT = "/opt/toolchains/pyenv"


def _load_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_hygiene", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_hygiene"] = module  # dataclasses resolve annotations through it
    spec.loader.exec_module(module)
    return module


hygiene = _load_module()


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture(scope="module")
def base_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tracked files of this checkout, as they are now, in a fresh git repository."""
    base = tmp_path_factory.mktemp("hygiene") / "base"
    base.mkdir()
    for name in git(ROOT, "ls-files", "-z").split("\0"):
        source = ROOT / name
        if name and source.is_file():
            (base / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, base / name, follow_symlinks=False)
    git(base, "init", "-q")
    git(base, "add", "-A")
    return base


@pytest.fixture
def repo(base_copy: Path, tmp_path: Path) -> Path:
    """A private copy of `base_copy`, checked out in `tmp_path/checkout/repo`."""
    target = tmp_path / "checkout" / "repo"
    shutil.copytree(base_copy, target, symlinks=True)
    return target


def quiet_env(**overrides: str) -> dict[str, str]:
    """An environment whose home and pyenv root are fake folders (plus `overrides`)."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": FAKE_HOME,
        "PYENV_ROOT": FAKE_PYENV_ROOT,
        **overrides,
    }


def plant(repo: Path, name: str, content: str | bytes, *, force: bool = False) -> None:
    path = repo / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    git(repo, "add", *(["-f"] if force else []), name)


@dataclass(frozen=True)
class Case:
    name: str
    file: str
    content: Callable[[Path], str | bytes]  # given the repository's own folder
    found: bool
    env: dict[str, str] = field(default_factory=dict)
    force: bool = False


CASES = [
    Case(
        "tracked file matching .gitignore",
        ".venv/pyvenv.cfg",
        lambda _: "home = /usr/bin\n",
        True,
        force=True,
    ),
    Case(
        "home directory from $HOME",
        "docs/notes.md",
        lambda _: f"see {FAKE_HOME}/src/notes.txt\n",
        True,
    ),
    Case(
        "home directory in a file URL",
        "docs/links.md",
        lambda _: f"[notes](file://{FAKE_HOME}/notes.html)\n",
        True,
    ),
    Case(
        "pyenv root from $PYENV_ROOT",
        "scripts/run.sh",
        lambda _: f"exec {FAKE_PYENV_ROOT}/shims/python3 -m clova_ocr_gateway\n",
        True,
    ),
    Case(
        "the folder the repository is checked out in",
        "README.extra.md",
        lambda repo: f"cd {repo.parent}/other-clone && ./scripts/test\n",
        True,
    ),
    Case(
        "root's home directory (generic)",
        "docs/cache.md",
        lambda _: f"pip caches in {SLASH}root/.cache/pip\n",
        True,
    ),
    Case(
        "a user's home directory (generic)",
        "clients/notes.md",
        lambda _: f"cp {SLASH}home{SLASH}bob{SLASH}src/x.proto clients/\n",
        True,
    ),
    Case(
        "a pyenv installation (generic)",
        "tools/path.txt",
        lambda _: f"python at ~/.pyenv{SLASH}versions{SLASH}3.11.7/bin/python3\n",
        True,
    ),
    Case(
        "a machine path in generated code is left alone",
        "service/clova/ocr/document/v1/extra_pb2.py",
        lambda _: f"# generated in {FAKE_HOME}/src\n",
        False,
    ),
    Case(
        "a machine path in a binary file is left alone",
        "examples/blob.bin",
        lambda _: b"\x00\x01" + f"{FAKE_HOME}/src".encode(),
        False,
    ),
    Case(
        "a relative path that merely contains the words is no machine path",
        "docs/relative.md",
        lambda _: "see src/root/x and build/home/bob/y and mypyenv/versions.txt\n",
        False,
    ),
    Case(
        "the home directory is only a machine path where it is one",
        "docs/elsewhere.md",
        lambda _: f"see {FAKE_HOME}/src/notes.txt\n",
        False,
        env={"HOME": "/srv/people/carol"},
    ),
]


def test_the_real_repository_passes() -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "no machine paths" in result.stdout


def test_an_untouched_copy_passes(repo: Path) -> None:
    assert hygiene.check(repo, quiet_env()) == []


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_planted_file_is_found_or_left_alone(repo: Path, case: Case) -> None:
    plant(repo, case.file, case.content(repo), force=case.force)
    findings = hygiene.check(repo, quiet_env(**case.env))
    assert [f.path for f in findings] == ([case.file] if case.found else [])


def test_the_command_fails_naming_the_file_and_line_and_passes_once_it_is_fixed(
    repo: Path,
) -> None:
    plant(repo, "docs/setup.md", f"# Setup\n\nrun {repo.parent}/repo/scripts/serve\n")
    plant(repo, "build/output.txt", "built\n", force=True)
    env = quiet_env()

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(SCRIPT), str(repo)],
            capture_output=True,
            text=True,
            check=False,
            env=env,
        )

    failed = run()
    assert failed.returncode == 1
    assert "docs/setup.md:3: names the folder the repository is checked out in" in failed.stderr
    assert "build/output.txt: tracked although .gitignore ignores it" in failed.stderr

    (repo / "docs/setup.md").write_text("# Setup\n\nrun ./scripts/serve\n")
    git(repo, "rm", "-q", "--cached", "build/output.txt")
    fixed = run()
    assert fixed.returncode == 0, fixed.stderr
