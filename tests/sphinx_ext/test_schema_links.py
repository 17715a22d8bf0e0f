"""Each named component schema shown once, in an ``api-spec``'s *Schemas* section, and
linked from the operations (``apidocs_schema_expansion``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.testing.util import SphinxTestApp

from ..helpers import (
    apidocs_warnings,
    build,
    copy_root,
    other_warnings,
    write_files,
)

FIELDS = {"Order": "ZQX", "Customer": "ZQY", "Address": "ZQW", "TreeNode": "ZQV"}
"""A word in the description of one field of each schema the operations use."""


def _built(make_app: Any, tmp_path: Path, files: dict[str, str] | None = None) -> SphinxTestApp:
    src = copy_root("test-schema-links", tmp_path)
    write_files(src, files or {})
    app = build(make_app, src)
    assert apidocs_warnings(app.warning.getvalue()) == []
    assert other_warnings(app.warning.getvalue()) == []
    return app


def _page(app: SphinxTestApp, name: str) -> str:
    return (app.outdir / f"{name}.html").read_text(encoding="utf-8")


def test_each_schema_is_shown_once_and_linked(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = _built(make_app, tmp_path)
    page = _page(app, "index")
    schemas = page[page.index('id="schemas-shop"') :]
    for name, word in FIELDS.items():
        assert page.count(word) == 1, name  # its table, once, in the Schemas section
        assert word in schemas
        assert page.count(f'id="schema-shop-{name}"') == 1
    operations = page[: page.index('id="schemas-shop"')]
    # bodies, properties and array items that are named schemas link to them
    assert operations.count('href="#schema-shop-Order"') == 3
    assert 'href="#schema-shop-TreeNode"' in operations
    assert "Receipt total" in operations  # an inline object is still expanded
    # the section is in the page's table of contents; a schema no operation uses is not there
    assert 'href="#schemas-shop"' in page
    assert "ZQU" not in page
    links = _page(app, "links")
    for name in ("Order", "Address", "TreeNode"):
        assert f'href="index.html#schema-shop-{name}"' in links


def test_a_recursive_schema_links_to_itself(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _page(_built(make_app, tmp_path), "index")
    tree = page[page.index('id="schema-shop-TreeNode"') :]
    assert 'href="#schema-shop-TreeNode"' in tree  # children: array of TreeNode
    assert "recursive" not in page


def test_inline_expands_in_every_operation(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    conf = (Path(__file__).parent.parent / "roots/test-schema-links/conf.py").read_text()
    files = {
        "conf.py": conf + 'apidocs_schema_expansion = "inline"\n',
        "links.rst": "Links\n=====\n",
    }
    app = _built(make_app, tmp_path, files)
    page = _page(app, "index")
    assert "schemas-shop" not in page
    assert page.count("ZQX") == 2  # Order, once in each operation
    assert page.count("ZQV") == 1


def test_pages_of_one_spec_share_their_schemas(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pages = {
        "index.rst": "Shop\n====\n\n.. toctree::\n\n   links\n   b-orders\n   a-returns\n",
        "b-orders.rst": "Orders\n======\n\n.. api-spec:: shop\n   :tags: orders\n",
        "a-returns.rst": "Returns\n=======\n\n.. api-spec:: shop\n   :tags: returns\n",
    }
    app = _built(make_app, tmp_path, pages)  # no duplicate warning
    for page in ("b-orders", "a-returns"):
        assert _page(app, page).count("ZQX") == 1
    assert 'href="a-returns.html#schema-shop-Order"' in _page(app, "links")  # the first page
    assert 'href="a-returns.html#schema-shop-Order"' in _page(app, "b-orders")
    assert "ZQV" not in _page(app, "b-orders")


def test_an_api_schema_is_the_preferred_target(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pages = {
        "index.rst": "Shop\n====\n\n.. toctree::\n\n   links\n   z-order\n\n.. api-spec:: shop\n",
        "z-order.rst": "Order\n=====\n\n.. api-schema:: Order\n",
    }
    app = _built(make_app, tmp_path, pages)
    assert 'href="z-order.html#schema-shop-Order"' in _page(app, "links")
    assert 'href="z-order.html#schema-shop-Order"' in _page(app, "index")


def test_an_endpoint_links_to_documented_schemas_else_expands(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pages = {
        "index.rst": "Shop\n====\n\n.. toctree::\n\n   links\n   customer\n\n"
        ".. api-endpoint:: createOrder\n",
        "links.rst": "Links\n=====\n",
        "customer.rst": "Customer\n========\n\n.. api-schema:: Customer\n",
    }
    page = _page(_built(make_app, tmp_path, pages), "index")
    assert "Schemas" not in page
    assert page.count("ZQX") == 1  # no page shows Order: the operation expands it (once)
    assert page.count('href="customer.html#schema-shop-Customer"') >= 2
    assert "ZQY" not in page
