"""Snapshots of the doctree the renderer produces, so changes of shape are seen in review.

Regenerate after an intended change with ``APIDOCS_UPDATE_SNAPSHOTS=1 pytest tests/render/test_snapshots.py``
and read the diff.
"""

from __future__ import annotations

import inspect
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

from ..helpers import SNAPSHOTS, apidocs_warnings, build, copy_root, other_warnings

DIRECTIVES = ("api-spec", "api-endpoint", "api-schema", "api-diagram", "api-markdown")


def _check(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("APIDOCS_UPDATE_SNAPSHOTS"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    assert path.exists(), f"no snapshot {name}; run with APIDOCS_UPDATE_SNAPSHOTS=1"
    assert text == path.read_text()


def _doctree(app: SphinxTestApp, docname: str) -> nodes.document:
    kwargs = (
        {"tags": app.tags}
        if "tags" in inspect.signature(app.env.get_and_resolve_doctree).parameters
        else {}
    )
    return app.env.get_and_resolve_doctree(docname, app.builder, **kwargs)


def _stable(text: str) -> str:
    # docutils writes boolean attributes as 1/0 or True/False depending on its version
    text = re.sub(r'="True"', '="1"', text)
    return re.sub(r'="False"', '="0"', text)


@pytest.mark.parametrize(
    ("docname", "target"), [("endpoint", "getBook"), ("index", "schema-books-Book")]
)
def test_doctree_snapshot(make_app, tmp_path: Path, docname: str, target: str) -> None:
    src = copy_root("test-basic", tmp_path)
    app = build(make_app, src)
    doctree = _doctree(app, docname)
    node = next(n for n in doctree.findall(nodes.Element) if target in n.get("ids", ()))
    desc = node.parent
    _check(f"{target}.doctree.txt", _stable(desc.pformat()))


@pytest.fixture(scope="module")
def snapshots_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SphinxTestApp]:
    """tests/roots/test-snapshots, built once: one page per directive and markup."""
    src = copy_root("test-snapshots", tmp_path_factory.mktemp("snapshots"))
    app = SphinxTestApp("html", srcdir=src)
    try:
        app.build()
        yield app
    finally:
        app.cleanup()


def test_the_snapshot_project_builds_cleanly(snapshots_app: SphinxTestApp) -> None:
    warnings = snapshots_app.warning.getvalue()
    assert apidocs_warnings(warnings) == []
    assert other_warnings(warnings) == []


@pytest.mark.parametrize("markup", ["rst", "md"])
@pytest.mark.parametrize("directive", DIRECTIVES)
def test_directive_doctree_snapshot(
    snapshots_app: SphinxTestApp, markup: str, directive: str
) -> None:
    """The whole page: the directive's nodes under the page's title."""
    doctree = _doctree(snapshots_app, f"{markup}/{directive}")
    section = next(iter(doctree.findall(nodes.section)))
    text = _stable(section.pformat())
    assert str(snapshots_app.srcdir) not in text  # no absolute path in a snapshot
    _check(f"doctree/{markup}-{directive}.txt", text)
