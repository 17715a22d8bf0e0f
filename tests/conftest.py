"""Shared fixtures: Sphinx's own testing fixtures on the projects in tests/roots.

Shared functions and paths are in :mod:`tests.helpers`."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import ROOTS

pytest_plugins = ("sphinx.testing.fixtures",)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS
