"""Shared fixtures: Sphinx's own testing fixtures on the projects in tests/roots."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest_plugins = ("sphinx.testing.fixtures",)

ROOTS = Path(__file__).parent / "roots"
SHARED = Path(__file__).resolve().parents[2] / "shared"
"""``../shared`` beside the clone: real specs for robustness tests; a fresh clone
without it tests itself, and the tests that need it skip."""
CORPUS = SHARED / "corpus"
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"needs the shared corpus of real specs at {CORPUS}"
)
WARNING_RE = re.compile(
    r"^(?P<location>.*?): WARNING: (?P<message>.*) \[(?P<type>apidocs)\.(?P<subtype>[\w-]+)\]$"
)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


def apidocs_warnings(text: str) -> list[dict[str, str]]:
    """Every ``apidocs`` warning in Sphinx's warning stream, parsed."""
    out = []
    for line in text.splitlines():
        line = re.sub(r"\x1b\[[0-9;]*m", "", line)
        m = WARNING_RE.match(line)
        if m:
            out.append(m.groupdict())
    return out


def other_warnings(text: str) -> list[str]:
    """Warnings that are not ours (there should be none)."""
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in text.splitlines()]
    return [line for line in lines if "WARNING" in line and "[apidocs." not in line]


def nested_one_of_schemas(depth: int) -> str:
    """YAML for ``components.schemas`` entries (indented for it): ``L0`` is a oneOf of 8
    branches nested ``depth`` deep, ``L{depth}`` a string.  Every branch descends before
    it can fail, so checking a value visits about 8**depth schemas without a work budget
    (8**6: 8 s in the sampler, 70 s in jsonschema)."""
    return (
        "".join(
            f"    L{k}:\n      oneOf:\n"
            + "".join(
                f"        - {{type: object, required: [p, t], properties: {{p: {{$ref: "
                f"'#/components/schemas/L{k + 1}'}}, t: {{type: integer, enum: [{i}]}}}}}}\n"
                for i in range(8)
            )
            for k in range(depth)
        )
        + f"    L{depth}: {{type: string}}\n"
    )
