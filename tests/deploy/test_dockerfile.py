"""The Dockerfile: hadolint-clean, and the structure docs/deploy.md promises (multi-stage wheel
build, pinned slim base, numeric non-root user, no build tooling or caches in the final stage,
ports and entrypoint matching the Kubernetes manifests). No Docker engine is needed."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import tomllib

import pytest
import yaml

from .image import (
    Stage,
    dockerignore_excludes,
    dockerignore_patterns,
    expand,
    parse_dockerfile,
    stage_args,
)
from .tools import DOCKERFILE, KUSTOMIZE_DIR, REPO, hadolint_command

PINNED_BASE = re.compile(r"^python:3\.11\.\d+-slim-bookworm(@sha256:[0-9a-f]{64})?$")


@pytest.fixture(scope="module")
def dockerfile() -> tuple[dict[str, str], list[Stage]]:
    assert DOCKERFILE.is_file(), "Dockerfile missing"
    return parse_dockerfile(DOCKERFILE.read_text())


@pytest.fixture(scope="module")
def base_deployment() -> dict[str, object]:
    docs = yaml.safe_load_all((KUSTOMIZE_DIR / "base" / "deployment.yaml").read_text())
    (deployment,) = [d for d in docs if d and d["kind"] == "Deployment"]
    return deployment  # type: ignore[no-any-return]


def test_hadolint_clean() -> None:
    command = [*hadolint_command(), "--format", "json", "--failure-threshold", "style"]
    result = subprocess.run(
        [*command, str(DOCKERFILE)], capture_output=True, text=True, timeout=120, check=False
    )
    findings = json.loads(result.stdout or "[]")
    assert result.returncode == 0 and not findings, (
        "hadolint findings:\n"
        + "\n".join(
            f"  line {f['line']} {f['code']} {f['level']}: {f['message']}" for f in findings
        )
        + result.stderr
    )


def test_multi_stage_from_pinned_slim_base(dockerfile: tuple[dict[str, str], list[Stage]]) -> None:
    global_args, stages = dockerfile
    assert len(stages) >= 2, "multi-stage build"
    names = [s.name for s in stages]
    assert "builder" in names
    for stage in stages:
        base = expand(stage.base, global_args)
        if base in names:
            continue
        assert PINNED_BASE.match(base), f"base {base!r} is not python:3.11.<patch>-slim-bookworm"
    final = stages[-1]
    assert expand(final.base, global_args) not in names, "final stage starts from a clean base"


def test_builder_builds_a_wheel(dockerfile: tuple[dict[str, str], list[Stage]]) -> None:
    _, stages = dockerfile
    (builder,) = [s for s in stages if s.name == "builder"]
    runs = " ".join(i.args for i in builder.all("RUN"))
    assert re.search(r"python -m build --wheel", runs)
    assert re.search(r"pip install [^&;]*build==\d", runs), "pin the build frontend"


def test_final_stage_installs_the_wheel_into_a_venv_without_tooling(
    dockerfile: tuple[dict[str, str], list[Stage]],
) -> None:
    _, stages = dockerfile
    final = stages[-1]
    runs = " ".join(i.args for i in final.all("RUN"))
    assert "python -m venv" in runs
    assert re.search(r"--mount=type=bind,from=builder", runs) or any(
        "--from=builder" in i.args and ".whl" in i.args for i in final.all("COPY")
    ), "the wheel comes from the builder stage"
    # The builder's wheel (`set -- /dist/*.whl` names it $1), with the otel extra.
    assert "set -- /dist/*.whl" in runs
    assert re.search(r'pip"? install [^&;]*--no-cache-dir[^&;]*"\$1\[otel\]"', runs)
    assert "apt-get" not in runs and "build-essential" not in runs and "gcc" not in runs
    env = " ".join(i.args for i in final.all("ENV"))
    assert re.search(r"\bPIP_NO_CACHE_DIR=1\b", env)
    assert re.search(r"\bPYTHONDONTWRITEBYTECODE=1\b", env)
    assert re.search(r"\bPATH=/opt/venv/bin:", env)
    assert not final.all("ADD"), "COPY, never ADD"


def test_runtime_dependencies_are_installed_at_the_pinned_versions(
    dockerfile: tuple[dict[str, str], list[Stage]],
) -> None:
    _, stages = dockerfile
    final = stages[-1]
    (install,) = [i for i in final.all("RUN") if "pip\" install" in i.args]
    assert "--mount=type=bind,source=constraints.txt,target=/tmp/constraints.txt" in install.args
    assert re.search(r"install [^&;]*--constraint /tmp/constraints\.txt", install.args)
    assert not dockerignore_excludes(dockerignore_patterns(), "constraints.txt")
    assert (REPO / "constraints.txt").is_file()


def test_the_builder_passes_the_commit_to_the_build(
    dockerfile: tuple[dict[str, str], list[Stage]],
) -> None:
    """`--build-arg GIT_COMMIT=...` reaches setup.py (the build context has no .git)."""
    _, stages = dockerfile
    (builder,) = [s for s in stages if s.name == "builder"]
    assert "GIT_COMMIT" in stage_args(builder)
    (build,) = [i for i in builder.all("RUN") if "python -m build" in i.args]
    assert build.args.startswith('CLOVA_OCR_GIT_COMMIT="${GIT_COMMIT}" python -m build')
    copied = " ".join(i.args for i in builder.all("COPY"))
    assert "setup.py" in copied
    final = stages[-1]
    labels = " ".join(i.args for i in final.all("LABEL"))
    assert 'org.opencontainers.image.revision="${GIT_COMMIT}"' in labels


def test_numeric_non_root_user_matching_the_pod(
    dockerfile: tuple[dict[str, str], list[Stage]], base_deployment: dict[str, object]
) -> None:
    global_args, stages = dockerfile
    final = stages[-1]
    users = final.all("USER")
    assert users, "final stage sets USER"
    user = expand(users[-1].args, {**global_args, **stage_args(final)})
    uid, _, gid = user.partition(":")
    assert uid.isdigit() and int(uid) >= 10000, f"USER {user!r}: numeric, non-root, >= 10000"
    assert not gid or gid.isdigit()
    pod_sc = base_deployment["spec"]["template"]["spec"]["securityContext"]  # type: ignore[index]
    assert pod_sc["runAsUser"] == int(uid), "image USER and pod runAsUser agree"


def test_expose_and_entrypoint(
    dockerfile: tuple[dict[str, str], list[Stage]], base_deployment: dict[str, object]
) -> None:
    _, stages = dockerfile
    final = stages[-1]
    exposed = {int(p.split("/")[0]) for i in final.all("EXPOSE") for p in i.args.split()}
    assert exposed == {50051, 9464}
    spec = base_deployment["spec"]["template"]["spec"]  # type: ignore[index]
    ports = {p["containerPort"] for c in spec["containers"] for p in c.get("ports", [])}
    assert ports == exposed, "container ports match EXPOSE"

    (entrypoint,) = final.all("ENTRYPOINT")
    assert json.loads(entrypoint.args) == ["clova-ocr-gateway", "serve"], "exec form"
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    assert "clova-ocr-gateway" in scripts
    assert not final.all("CMD")
    assert not [i for s in stages for i in s.all("HEALTHCHECK")], "probes live in Kubernetes"


# --------------------------------------------------------------------------------------------
# .dockerignore


def test_dockerignore(dockerfile: tuple[dict[str, str], list[Stage]]) -> None:
    assert (REPO / ".dockerignore").is_file()
    patterns = dockerignore_patterns()
    for path in (
        ".venv/bin/python",
        ".git/HEAD",
        "node_modules/x/index.js",
        "tests/test_secrets.py",
        ".pytest_cache/v/x",
        "service/clova_ocr_gateway/__pycache__/cli.cpython-311.pyc",
        ".env",
    ):
        assert dockerignore_excludes(patterns, path), f"{path} would be sent to the builder"
    # Everything the Dockerfile COPYs from the context must stay in it.
    _, stages = dockerfile
    for stage in stages:
        for copy in stage.all("COPY"):
            words = [w for w in shlex.split(copy.args) if not w.startswith("--")]
            if any(w.startswith("--from") for w in shlex.split(copy.args)):
                continue
            for source in words[:-1]:
                probe = source.rstrip("/") + (
                    "/clova_ocr_gateway/__init__.py" if source.endswith("/") else ""
                )
                assert not dockerignore_excludes(patterns, probe), f"COPY {source} is ignored"
                assert (REPO / source).exists() or source == "README.md", f"{source} missing"
