"""Reading the Dockerfile and its build context without a Docker engine: stages and
instructions, ARG expansion, the .dockerignore rules, and a copy of exactly the files a stage's
COPY instructions would receive."""

from __future__ import annotations

import re
import shlex
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .tools import REPO


@dataclass
class Instruction:
    keyword: str
    args: str


@dataclass
class Stage:
    base: str
    name: str | None
    instructions: list[Instruction] = field(default_factory=list)

    def all(self, keyword: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword == keyword]


def parse_dockerfile(text: str) -> tuple[dict[str, str], list[Stage]]:
    """Global ARG defaults and stages (line continuations joined, comments dropped)."""
    logical: list[str] = []
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        logical.append(current + line)
        current = ""
    assert not current, "dangling line continuation"

    global_args: dict[str, str] = {}
    stages: list[Stage] = []
    for line in logical:
        keyword, _, args = line.partition(" ")
        keyword = keyword.upper()
        args = args.strip()
        if keyword == "FROM":
            parts = [p for p in args.split() if not p.startswith("--platform")]
            name = parts[2] if len(parts) == 3 and parts[1].upper() == "AS" else None
            stages.append(Stage(base=parts[0], name=name))
        elif not stages:
            assert keyword == "ARG", f"{keyword} before the first FROM"
            key, _, value = args.partition("=")
            global_args[key] = value.strip('"')
        else:
            stages[-1].instructions.append(Instruction(keyword, args))
    return global_args, stages


def expand(value: str, variables: dict[str, str]) -> str:
    return re.sub(r"\$\{?(\w+)\}?", lambda m: variables.get(m.group(1), m.group(0)), value)


def stage_args(stage: Stage) -> dict[str, str]:
    values: dict[str, str] = {}
    for instruction in stage.all("ARG"):
        key, _, value = instruction.args.partition("=")
        values[key] = value.strip('"')
    return values


def dockerignore_excludes(patterns: list[str], path: str) -> bool:
    """Docker's rule: the last pattern matching the path or one of its parents wins."""
    parts = path.split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    excluded = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip("/")
        regex = re.escape(pattern).replace(r"\*\*/", "(.*/)?").replace(r"\*\*", ".*")
        regex = regex.replace(r"\*", "[^/]*").replace(r"\?", "[^/]")
        if any(re.fullmatch(regex, c) for c in candidates):
            excluded = not negate
    return excluded


def dockerignore_patterns(context: Path = REPO) -> list[str]:
    """The patterns of `context`/.dockerignore, in order, comments and blank lines dropped."""
    return [
        line.strip()
        for line in (context / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def copy_sources(stage: Stage) -> list[str]:
    """The build-context paths a stage COPYs (COPY --from=... copies from a stage instead)."""
    sources: list[str] = []
    for copy in stage.all("COPY"):
        words = shlex.split(copy.args)
        if any(w.startswith("--from") for w in words):
            continue
        sources.extend(w for w in [w for w in words if not w.startswith("--")][:-1])
    return sources


def copy_build_context(stage: Stage, destination: Path, context: Path = REPO) -> list[str]:
    """Copy what `stage` COPYs from `context` into `destination`, minus what .dockerignore
    keeps out of the context, the way the builder would see it; returns the copied files."""
    patterns = dockerignore_patterns(context)
    copied: list[str] = []
    for source in copy_sources(stage):
        root = context / source
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            relative = path.relative_to(context).as_posix()
            if dockerignore_excludes(patterns, relative):
                continue
            target = destination / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            copied.append(relative)
    return copied
