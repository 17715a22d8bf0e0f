"""What many tests share: the folders of tests/, projects written or copied into a
temporary folder, Sphinx builds of them, specs loaded from text, warnings parsed."""

from __future__ import annotations

import json
import os
import re
import shutil
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinxext_apidocs.diagnostics.problems import Problem
from sphinxext_apidocs.spec.document import LoadedDocument
from sphinxext_apidocs.spec.model import ApiSpec
from sphinxext_apidocs.spec.normalize import load_spec

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
ROOTS = TESTS / "roots"
"""Sphinx projects, ``test-NAME``: Sphinx's ``@pytest.mark.sphinx(testroot="NAME")``."""
SPECS = TESTS / "specs"
SNAPSHOTS = TESTS / "snapshots"
SHARED = REPO.parent / "shared"
"""``../shared`` beside the clone: real specs for robustness tests; a fresh clone
without it tests itself, and the tests that need it skip."""
CORPUS = SHARED / "corpus"
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"needs the shared corpus of real specs at {CORPUS}"
)
WARNING_RE = re.compile(
    r"^(?P<location>.*?): WARNING: (?P<message>.*) \[(?P<type>apidocs)\.(?P<subtype>[\w-]+)\]$"
)
SPEC_INDEX = "API\n===\n\n.. api-spec:: api\n"
"""The page of :func:`spec_project`: a title and the whole spec ``api``."""
INLINE_SCHEMAS = 'apidocs_schema_expansion = "inline"\n'
"""``conf`` of a project whose operations expand their named schemas (as before links)."""


# -- projects and builds ----------------------------------------------------------------


def write_files(root: Path, files: Mapping[str, str | bytes], *, dedent: bool = False) -> None:
    """Write ``files`` (relative path -> text or bytes) under ``root``, making folders;
    ``dedent`` removes the common indentation of each text."""
    for name, content in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(textwrap.dedent(content) if dedent else content, encoding="utf-8")


def copy_root(name: str, tmp_path: Path, dest: str = "src") -> Path:
    """A copy of ``tests/roots/NAME`` at ``tmp_path/dest``, free to edit."""
    return Path(shutil.copytree(ROOTS / name, tmp_path / dest))


def spec_project(
    tmp_path: Path,
    spec: str | bytes | dict[str, Any],
    *,
    name: str | None = None,
    conf: str = "",
    index: str = SPEC_INDEX,
    files: Mapping[str, str | bytes] | None = None,
) -> Path:
    """A Sphinx project in ``tmp_path/src``: the spec (a dict is written as JSON) under
    the name ``api``, ``conf`` after the two lines that configure it, ``index.rst``
    and other ``files``."""
    if name is None:
        name = "api.json" if isinstance(spec, dict) else "api.yaml"
    src = tmp_path / "src"
    src.mkdir(parents=True, exist_ok=True)
    text = json.dumps(spec, indent=1) if isinstance(spec, dict) else spec
    conf = f'extensions = ["sphinxext_apidocs"]\napidocs_specs = {{"api": "{name}"}}\n{conf}'
    write_files(src, {name: text, "conf.py": conf, "index.rst": index, **(files or {})})
    return src


def build(make_app: Any, src: Path, builder: str = "html", **kwargs: Any) -> SphinxTestApp:
    """Sphinx's ``make_app`` on ``src``, built."""
    app: SphinxTestApp = make_app(builder, srcdir=src, **kwargs)
    app.build()
    return app


# -- specs ------------------------------------------------------------------------------


def load_with_documents(
    path: Path, root: Path, **kwargs: Any
) -> tuple[ApiSpec | None, list[Problem], tuple[str, ...], dict[str, LoadedDocument]]:
    """``load_spec`` of ``path`` in ``root``, and every document it read, by name."""
    documents: dict[str, LoadedDocument] = {}

    def audit(name: str, doc: LoadedDocument) -> list[Problem]:
        documents[name] = doc
        return []

    spec, problems, used = load_spec(os.fspath(path), os.fspath(root), audit=audit, **kwargs)
    return spec, problems, used, documents


def load_text(
    tmp_path: Path,
    text: str,
    files: Mapping[str, str] | None = None,
    *,
    name: str = "api.yaml",
) -> tuple[ApiSpec | None, list[Problem], tuple[str, ...]]:
    """``load_spec`` of ``text`` written to ``tmp_path/name`` beside ``files`` (all
    dedented)."""
    write_files(tmp_path, {**(files or {}), name: text}, dedent=True)
    return load_spec(os.fspath(tmp_path / name), os.fspath(tmp_path))


# -- warnings and inputs ----------------------------------------------------------------


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
