"""Snapshots of the doctree the renderer produces, so changes of shape are seen in review.

Regenerate after an intended change with ``APIDOCS_UPDATE_SNAPSHOTS=1 pytest tests/render/test_snapshots.py``
and read the diff.
"""

from __future__ import annotations

import inspect
import os
import re
import shutil
from pathlib import Path

import pytest
from docutils import nodes

from ..conftest import ROOTS

SNAPSHOTS = Path(__file__).parents[1] / "snapshots"


def _check(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("APIDOCS_UPDATE_SNAPSHOTS"):
        path.write_text(text)
    assert path.exists(), f"no snapshot {name}; run with APIDOCS_UPDATE_SNAPSHOTS=1"
    assert text == path.read_text()


@pytest.mark.parametrize(
    ("docname", "target"), [("endpoint", "getBook"), ("index", "schema-books-Book")]
)
def test_doctree_snapshot(make_app, tmp_path: Path, docname: str, target: str) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-basic", src)
    app = make_app("html", srcdir=src)
    app.build()
    kwargs = (
        {"tags": app.tags}
        if "tags" in inspect.signature(app.env.get_and_resolve_doctree).parameters
        else {}
    )
    doctree = app.env.get_and_resolve_doctree(docname, app.builder, **kwargs)
    node = next(n for n in doctree.findall(nodes.Element) if target in n.get("ids", ()))
    desc = node.parent
    # docutils writes boolean attributes as 1/0 or True/False depending on its version
    text = re.sub(r'="True"', '="1"', desc.pformat())
    _check(f"{target}.doctree.txt", re.sub(r'="False"', '="0"', text))
