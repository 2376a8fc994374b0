"""Fixtures for the deployment tests: rendered kustomize targets."""

from __future__ import annotations

import pytest

from .manifests import TARGETS, Manifest, render


@pytest.fixture(params=TARGETS, scope="session")
def manifest(request: pytest.FixtureRequest) -> Manifest:
    """One rendered kustomize target (the test runs once per target)."""
    return render(request.param)


@pytest.fixture(scope="session")
def example() -> Manifest:
    return render("overlays/example")


@pytest.fixture(scope="session")
def example_redis() -> Manifest:
    return render("overlays/example-redis")
