"""Repository hygiene check (CI runs it from scripts/test): fails when a tracked file matches
.gitignore, or when a tracked text file outside generated code names an absolute path of the
machine it was written on.

Usage: python scripts/check_hygiene.py [REPO]      (default: the repository holding this script)

Machine paths are looked for in two ways:
  - computed from the environment: $HOME, the pyenv root ($PYENV_ROOT, `pyenv root`, ~/.pyenv),
    the folder the repository is checked out in (and that of its main checkout when REPO is a
    git worktree);
  - generic: a root or user home directory (`/root`, `/home/<user>`, `/Users/<user>`) and a pyenv
    installation (its `versions` folder under `.pyenv`) wherever they appear.
Generated code (protobuf/gRPC stubs, lock files) and binary files are not read. Only the standard
library is used, so any python3 runs it.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# Written by generators, not people; a path in them is fixed by regenerating, not by editing.
GENERATED_PATTERNS = (
    "*_pb2.py",
    "*_pb2.pyi",
    "*_pb2_grpc.py",
    "*_pb2_grpc.pyi",
    "*.pb.go",
    "clients/node/generated/*",
    "package-lock.json",
    "*.lock",
    "go.sum",
)

# Folders shared by every machine: a repository checked out directly in one of them must not turn
# every mention of, say, /tmp/ into a finding.
SHARED_FOLDERS = frozenset(
    {"/", "/tmp", "/var/tmp", "/opt", "/srv", "/mnt", "/usr", "/usr/local", "/usr/src", "/home"}
)

# A path starts where it is not the continuation of a word or of a relative name
# (a folder named "root" inside a relative path is no home directory); inside a file:// URL
# it still counts.
_START = r"(?<![\w.~-])"

GENERIC_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("root's home directory", re.compile(_START + r"/root(?=/)")),
    ("a user's home directory", re.compile(_START + r"/(?:home|Users)/[A-Za-z_][\w.-]*(?=/)")),
    ("a pyenv installation", re.compile(r"\.pyenv" r"/versions(?=/)")),
)

BINARY_SNIFF_BYTES = 8192


@dataclass(frozen=True)
class Finding:
    """One problem: a file and what is wrong with it."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout


def tracked_ignored_files(repo: Path) -> list[str]:
    """Tracked files that .gitignore (or .git/info/exclude) says should not be tracked."""
    out = _git(repo, "ls-files", "-z", "--cached", "--ignored", "--exclude-standard")
    return [name for name in out.split("\0") if name]


def is_generated(path: str) -> bool:
    """Whether a tracked path is generated code or a lock file (not checked for paths)."""
    name = PurePosixPath(path).name
    return any(
        fnmatch.fnmatch(name, pattern) or fnmatch.fnmatch(path, pattern)
        for pattern in GENERATED_PATTERNS
    )


def _folder(value: str | os.PathLike[str] | None) -> str | None:
    """An absolute folder as a prefix ending in "/", or None for shared or unusable ones."""
    if not value:
        return None
    text = os.path.normpath(os.fspath(value))
    if not os.path.isabs(text) or text in SHARED_FOLDERS:
        return None
    return text.rstrip("/") + "/"


def _pyenv_roots(env: dict[str, str]) -> list[str]:
    roots = [env.get("PYENV_ROOT", "")]
    if env.get("HOME"):
        roots.append(os.path.join(env["HOME"], ".pyenv"))
    pyenv = shutil.which("pyenv", path=env.get("PATH"))
    if pyenv:
        result = subprocess.run(
            [pyenv, "root"], capture_output=True, text=True, check=False, env=env, timeout=10
        )
        if result.returncode == 0:
            roots.append(result.stdout.strip())
    return roots


def machine_prefixes(repo: Path, env: dict[str, str]) -> dict[str, str]:
    """Absolute folders of this machine (prefix ending in "/") with what each of them is."""
    candidates: list[tuple[str | None, str]] = [(_folder(env.get("HOME")), "the home directory")]
    candidates += [(_folder(root), "the pyenv root") for root in _pyenv_roots(env)]
    top = Path(_git(repo, "rev-parse", "--show-toplevel").strip())
    candidates.append((_folder(top.parent), "the folder the repository is checked out in"))
    # In a git worktree the main checkout lives elsewhere; its folder is this machine's too.
    common = Path(_git(repo, "rev-parse", "--path-format=absolute", "--git-common-dir").strip())
    if common.name == ".git":
        candidates.append((_folder(common.parent.parent), "the folder of the main checkout"))
    prefixes: dict[str, str] = {}
    for prefix, what in candidates:
        if prefix is not None:
            prefixes.setdefault(prefix, what)
    return prefixes


def _is_text(data: bytes) -> bool:
    return b"\0" not in data[:BINARY_SNIFF_BYTES]


def machine_path_findings(repo: Path, env: dict[str, str]) -> list[Finding]:
    """Every line of a tracked text file (generated code excepted) naming a machine path."""
    patterns = [
        (what, re.compile(_START + re.escape(prefix)))
        for prefix, what in machine_prefixes(repo, env).items()
    ]
    patterns += list(GENERIC_PATTERNS)
    top = Path(_git(repo, "rev-parse", "--show-toplevel").strip())
    findings: list[Finding] = []
    for name in _git(repo, "ls-files", "-z").split("\0"):
        path = top / name
        if not name or is_generated(name) or path.is_symlink() or not path.is_file():
            continue
        data = path.read_bytes()
        if not _is_text(data):
            continue
        text = data.decode("utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            for what, pattern in patterns:
                match = pattern.search(line)
                if match:
                    findings.append(
                        Finding(name, number, f"names {what} ({match.group(0)}...): {line.strip()}")
                    )
                    break
    return findings


def check(repo: Path, env: dict[str, str] | None = None) -> list[Finding]:
    """All hygiene findings of the repository at `repo` (empty: clean)."""
    env = dict(os.environ if env is None else env)
    findings = [
        Finding(name, 0, "tracked although .gitignore ignores it (git rm --cached it)")
        for name in tracked_ignored_files(repo)
    ]
    return findings + machine_path_findings(repo, env)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo", nargs="?", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args(argv)
    findings = check(args.repo)
    for finding in findings:
        print(finding, file=sys.stderr)
    if findings:
        print(
            f"hygiene: {len(findings)} problem(s); write paths relative to the repository or as"
            " $HOME/..., and keep ignored files untracked",
            file=sys.stderr,
        )
        return 1
    print("hygiene: no tracked ignored files, no machine paths")
    return 0


if __name__ == "__main__":
    sys.exit(main())
