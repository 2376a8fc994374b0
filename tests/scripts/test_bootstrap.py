"""scripts/bootstrap's decisions, run on real virtual environments in temporary folders: which
Python it accepts, which .venv it reuses and which it recreates (missing, moved from another
folder, half-made, broken, made by another Python installation), when it skips pip and npm."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BOOTSTRAP = ROOT / "scripts" / "bootstrap"
# The interpreter the suite runs on; bootstrap would find the same installation as python3.
PYTHON = sys.executable


def call(
    repo: Path, *command: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Source scripts/bootstrap (functions only) and run one of its functions inside `repo`."""
    return subprocess.run(
        [
            "bash",
            "-c",
            'source "$0" && cd "$1" && shift && "$@"',
            str(BOOTSTRAP),
            str(repo),
            *command,
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


def new_repo(tmp_path: Path, name: str) -> Path:
    repo = tmp_path / name
    repo.mkdir(parents=True)
    for name in ("pyproject.toml", "constraints.txt"):
        shutil.copy2(ROOT / name, repo / name)
    return repo


@pytest.fixture(scope="module")
def good_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder whose half-made .venv (no pip: what `python3 -m venv` leaves behind without
    ensurepip) bootstrap has recreated with PYTHON."""
    repo = new_repo(tmp_path_factory.mktemp("bootstrap"), "good")
    subprocess.run([PYTHON, "-m", "venv", "--without-pip", str(repo / ".venv")], check=True)
    assert problem(repo) == "its pip is missing or belongs to another folder"
    made = call(repo, "ensure_venv", PYTHON)
    assert made.returncode == 0, made.stderr
    assert "recreating .venv: its pip is missing or belongs to another folder" in made.stderr
    return repo


@pytest.fixture(scope="module")
def other_installation(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Another installation of Python: a copy of this interpreter with the standard library beside
    it (ensurepip left out), as a second Python on the machine would be. Returns its python3."""
    home = tmp_path_factory.mktemp("other-python")
    version = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    stdlib = Path(sys.base_prefix) / "lib" / version
    (home / "bin").mkdir()
    (home / "lib" / version).mkdir(parents=True)
    executable = Path(os.path.realpath(getattr(sys, "_base_executable", sys.executable)))
    shutil.copy2(executable, home / "bin" / "python3")  # a copy: symlinks resolve back home
    for entry in stdlib.iterdir():
        if entry.name != "ensurepip":
            (home / "lib" / version / entry.name).symlink_to(entry)
    return home / "bin" / "python3"


def problem(repo: Path) -> str | None:
    """Why bootstrap would recreate repo/.venv, or None when it reuses it."""
    result = call(repo, "venv_problem", PYTHON)
    assert result.returncode in (0, 1), result.stderr
    return result.stdout.strip() if result.returncode == 0 else None


def test_minimum_python_is_the_one_pyproject_requires() -> None:
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    declared = re.search(r"^MIN_PYTHON=(\S+)$", BOOTSTRAP.read_text(), re.MULTILINE)
    assert declared is not None
    assert requires == f">={declared.group(1)}"


def test_a_new_enough_python_passes_silently(tmp_path: Path) -> None:
    result = call(tmp_path, "check_python", PYTHON)
    assert (result.returncode, result.stderr) == (0, "")


def test_too_old_a_python_is_refused_naming_the_version_needed(tmp_path: Path) -> None:
    # This interpreter against a minimum above it: the same code path as python3.10 against 3.11.
    result = call(tmp_path, "eval", f"MIN_PYTHON=3.99; check_python {PYTHON}")
    running = ".".join(map(str, sys.version_info[:3]))
    assert result.returncode == 1
    assert f"needs Python 3.99 or newer; '{PYTHON}' is Python {running}" in result.stderr
    assert "PYTHON=python3.99" in result.stderr


def test_a_missing_python_is_refused_saying_what_to_install(tmp_path: Path) -> None:
    result = call(tmp_path, "check_python", "python3-not-installed")
    assert result.returncode == 1
    assert (
        "needs Python 3.11 or newer, but 'python3-not-installed' is not installed" in result.stderr
    )
    assert "apt-get install python3" in result.stderr


def test_a_venv_made_here_by_the_same_python_is_reused_untouched(good_repo: Path) -> None:
    before = (good_repo / ".venv" / "pyvenv.cfg").stat().st_mtime_ns
    assert problem(good_repo) is None
    again = call(good_repo, "ensure_venv", PYTHON)
    assert (again.returncode, again.stderr) == (0, "")
    assert (good_repo / ".venv" / "pyvenv.cfg").stat().st_mtime_ns == before


def test_no_venv_is_created(tmp_path: Path) -> None:
    assert problem(new_repo(tmp_path, "empty")) == "there is none"


def test_a_folder_that_is_no_venv_is_recreated(tmp_path: Path) -> None:
    repo = new_repo(tmp_path, "junk")
    (repo / ".venv").mkdir()
    (repo / ".venv" / "notes.txt").write_text("not a venv\n")
    assert problem(repo) == "it is not a virtual environment"


def test_a_venv_moved_from_another_folder_is_recreated(good_repo: Path, tmp_path: Path) -> None:
    # What a tracked .venv did to every clone: its scripts ran the first checkout's python.
    repo = new_repo(tmp_path, "clone")
    shutil.copytree(good_repo / ".venv", repo / ".venv", symlinks=True)
    assert problem(repo) == "its pip is missing or belongs to another folder"


def test_the_recreated_venv_is_reused_and_its_scripts_run_its_own_python(good_repo: Path) -> None:
    assert problem(good_repo) is None
    pip_script = (good_repo / ".venv" / "bin" / "pip").read_text().splitlines()[0]
    assert pip_script.startswith(f"#!{good_repo.resolve() / '.venv' / 'bin' / 'python'}")
    pip = subprocess.run(
        [str(good_repo / ".venv" / "bin" / "pip"), "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(good_repo.resolve() / ".venv") in pip.stdout


def test_a_venv_whose_python_is_gone_is_recreated(good_repo: Path, tmp_path: Path) -> None:
    repo = new_repo(tmp_path, "broken")
    shutil.copytree(good_repo / ".venv", repo / ".venv", symlinks=True)
    python = repo / ".venv" / "bin" / "python"
    python.unlink()
    python.symlink_to(tmp_path / "uninstalled" / "python3")
    assert problem(repo) == "its python does not run"


def test_a_venv_made_by_another_python_installation_is_recreated(
    tmp_path: Path, other_installation: Path
) -> None:
    repo = new_repo(tmp_path, "foreign")
    subprocess.run(
        [str(other_installation), "-m", "venv", "--without-pip", str(repo / ".venv")], check=True
    )
    found = problem(repo)
    assert found is not None
    assert found.startswith(f"it was made by another Python ({other_installation.parent.parent} ")
    assert f", not {sys.base_prefix} " in found


def test_a_python_without_ensurepip_outside_debian_is_refused_with_what_to_do(
    tmp_path: Path, other_installation: Path
) -> None:
    result = call(new_repo(tmp_path, "noensurepip"), "ensure_venv", str(other_installation))
    assert result.returncode == 1
    assert "cannot create virtual environments: it has no ensurepip module" in result.stderr
    assert not (tmp_path / "noensurepip" / ".venv").exists()


def test_pip_is_skipped_while_pyproject_and_constraints_are_unchanged(tmp_path: Path) -> None:
    # No .venv at all: a pip run would fail, so success proves pip was not run.
    repo = new_repo(tmp_path, "stamped")
    (repo / ".venv").mkdir()
    digest = hashlib.sha256(
        (repo / "pyproject.toml").read_bytes() + (repo / "constraints.txt").read_bytes()
    ).hexdigest()
    (repo / ".venv" / ".bootstrap-pip").write_text(f"{digest} dev\n")
    assert call(repo, "pip_install", "runtime").returncode == 0  # dev covers runtime
    assert call(repo, "pip_install", "dev").returncode == 0

    for name in ("pyproject.toml", "constraints.txt"):
        original = (repo / name).read_text()
        (repo / name).write_text(original + "\n# a new pin\n")
        assert call(repo, "pip_install", "runtime").returncode != 0, name  # tried to run pip
        (repo / name).write_text(original)
    assert call(repo, "pip_install", "runtime").returncode == 0


def test_npm_is_skipped_only_while_node_modules_matches_the_lock_file(tmp_path: Path) -> None:
    tools = tmp_path / "repo" / "tools"
    (tools / "node_modules").mkdir(parents=True)
    (tools / "package.json").write_text('{"name": "x"}\n')
    (tools / "package-lock.json").write_text('{"lockfileVersion": 3}\n')
    repo = tmp_path / "repo"
    assert call(repo, "npm_in_sync", "tools").returncode == 1  # never installed
    assert call(repo, "mark_npm_in_sync", "tools").returncode == 0
    assert call(repo, "npm_in_sync", "tools").returncode == 0
    (tools / "package-lock.json").write_text('{"lockfileVersion": 3, "packages": {}}\n')
    assert call(repo, "npm_in_sync", "tools").returncode == 1


def test_client_toolchains_do_not_reinstall_node_modules_in_sync_with_the_lock_file() -> None:
    stamp = ROOT / "clients" / "node" / "node_modules" / ".bootstrap-lock-sha256"
    if not stamp.exists():
        pytest.fail("clients/node/node_modules was not installed by scripts/bootstrap --dev")
    before = stamp.stat().st_mtime_ns
    result = subprocess.run(
        ["bash", str(ROOT / "clients" / "setup_toolchains.sh")],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "clients/node/node_modules in sync with package-lock.json" in result.stdout
    assert stamp.stat().st_mtime_ns == before
