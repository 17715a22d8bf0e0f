"""``api-spec``'s ``:group-by:`` and ``:operations:``: which operations a reader finds on
the page, under which headings, and what is reported (docs/directives/api-spec.rst)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docutils import nodes
from sphinx import addnodes
from sphinx.testing.util import SphinxTestApp

from ..helpers import apidocs_warnings, spec_project


def _get(operation_id: str, *tags: str) -> dict[str, Any]:
    op: dict[str, Any] = {"operationId": operation_id, "responses": {"200": {"description": "ok"}}}
    if tags:
        op["tags"] = list(tags)
    return op


SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Shop", "version": "1"},
    # the spec's tag order, not the order of its paths, orders the tag groups
    "tags": [
        {"name": "items", "x-displayName": "Catalogue items"},
        {"name": "orders", "description": "Orders of the shop."},
        {"name": "admin"},
    ],
    "paths": {
        "/orders": {
            "get": _get("listOrders", "orders"),
            "post": _get("createOrder", "orders", "admin"),
        },
        "/orders/{id}": {"get": _get("getOrder", "orders")},
        "/items": {"get": _get("listItems", "items")},
        "/health": {"get": _get("health")},
    },
    "webhooks": {"orderShipped": {"post": _get("orderShipped")}},
}

PAGES = {
    "by-tag": "",
    "by-path": ":group-by: path",
    "by-nothing": ":group-by: none",
    "admin-only": ":tags: admin",
    "some": ":operations: getOrder, listItems",
    "some-spaced": ":operations: listItems  health",
    "by-method-path": ":operations: GET /items, POST orderShipped getOrder",
    "unknown": ":operations: noSuchOperation",
    "bad-group": ":group-by: tags",
}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SphinxTestApp]:
    """One page per variant; all but ``by-tag`` with ``:no-index:``."""
    files = {
        f"{name}.rst": f"{name}\n{'=' * len(name)}\n\n.. api-spec:: api\n"
        + (f"   {options}\n" if options else "")
        + ("" if name == "by-tag" else "   :no-index:\n")
        for name, options in PAGES.items()
    }
    toctree = "\n".join(f"   {name}" for name in PAGES)
    index = f"Index\n=====\n\n.. toctree::\n\n{toctree}\n"
    src = spec_project(tmp_path_factory.mktemp("options"), SPEC, index=index, files=files)
    app = SphinxTestApp("html", srcdir=src)
    try:
        app.build()
        yield app
    finally:
        app.cleanup()


def _operations(node: nodes.Node) -> list[str]:
    return [sig["ids"][0] for sig in node.findall(addnodes.desc_signature)]


def groups(app: SphinxTestApp, page: str) -> list[tuple[str | None, list[str]]]:
    """The page's groups in order: the heading a reader sees (a section title, a rubric,
    or none) and the operationIds under it."""
    page_section = next(app.env.get_doctree(page).findall(nodes.section))
    out: list[tuple[str | None, list[str]]] = []
    for child in page_section.children:
        if isinstance(child, nodes.section):
            out.append((child[0].astext(), _operations(child)))
        elif isinstance(child, nodes.container) and "apidocs-group" in child["classes"]:
            heading = child[0].astext() if isinstance(child[0], nodes.rubric) else None
            out.append((heading, _operations(child)))
    return out


def warnings_of(app: SphinxTestApp, page: str) -> list[dict[str, str]]:
    return [
        w
        for w in apidocs_warnings(app.warning.getvalue())
        if w["location"].split(":")[0].endswith(f"{page}.rst")
    ]


def html(app: SphinxTestApp, page: str) -> str:
    return (app.outdir / f"{page}.html").read_text(encoding="utf-8")


def test_by_tag_is_the_default_in_the_spec_tag_order(app: SphinxTestApp) -> None:
    """One section per tag (its display name), an operation under its first tag only;
    untagged operations, then webhooks, last."""
    assert groups(app, "by-tag") == [
        ("Catalogue items", ["listItems"]),
        ("orders", ["listOrders", "createOrder", "getOrder"]),
        ("Other operations", ["health"]),
        ("Webhooks", ["orderShipped"]),
    ]
    assert "Orders of the shop." in html(app, "by-tag")
    assert 'id="tag-orders"' in html(app, "by-tag")


def test_with_tags_an_operation_is_under_its_first_tag_among_them(app: SphinxTestApp) -> None:
    """``createOrder`` is tagged orders, then admin: with ``:tags: admin``, under admin."""
    assert groups(app, "admin-only") == [("admin", ["createOrder"])]


def test_by_path_groups_by_the_first_path_segment(app: SphinxTestApp) -> None:
    assert groups(app, "by-path") == [
        ("/orders", ["listOrders", "createOrder", "getOrder"]),
        ("/items", ["listItems"]),
        ("/health", ["health"]),
        ("Webhooks", ["orderShipped"]),
    ]


def test_by_nothing_has_no_group_sections(app: SphinxTestApp) -> None:
    """The operations one after another, in the order of the spec's paths."""
    found = groups(app, "by-nothing")
    assert found[0] == (None, ["listOrders", "createOrder", "getOrder", "listItems", "health"])
    assert [op for _, ops in found for op in ops][-1] == "orderShipped"
    page_section = next(app.env.get_doctree("by-nothing").findall(nodes.section))
    assert not any(isinstance(child, nodes.section) for child in page_section.children)


def test_operations_selects_by_operation_id_and_leaves_out_the_overview(
    app: SphinxTestApp,
) -> None:
    assert groups(app, "some") == [("Catalogue items", ["listItems"]), ("orders", ["getOrder"])]
    assert groups(app, "some-spaced") == [
        ("Catalogue items", ["listItems"]),
        ("Other operations", ["health"]),
    ]
    assert "apidocs-info" not in html(app, "some")
    assert "apidocs-info" in html(app, "by-tag")
    assert warnings_of(app, "some") == warnings_of(app, "some-spaced") == []


def test_operations_also_selects_by_method_and_path(app: SphinxTestApp) -> None:
    """``METHOD /path`` (an upper-case method, then the path; a webhook's name)."""
    assert groups(app, "by-method-path") == [
        ("Catalogue items", ["listItems"]),
        ("orders", ["getOrder"]),
        ("Webhooks", ["orderShipped"]),
    ]


def test_without_tags_operations_group_by_the_segment_after_the_shared_prefix(
    make_app: Any, tmp_path: Path
) -> None:
    """Stripe's paths all start with ``/v1``: its groups are the next segment."""
    paths = {
        "/v1/customers": {"get": _get("listCustomers")},
        "/v1/customers/{id}": {"get": _get("getCustomer")},
        "/v1/charges": {"get": _get("listCharges")},
    }
    spec = {"openapi": "3.0.3", "info": {"title": "Flat", "version": "1"}, "paths": paths}
    app = make_app("html", srcdir=spec_project(tmp_path, spec))
    app.build()
    assert groups(app, "index") == [
        ("/customers", ["listCustomers", "getCustomer"]),
        ("/charges", ["listCharges"]),
    ]


def test_operations_on_the_shared_prefix_itself_are_headed_by_it(
    make_app: Any, tmp_path: Path
) -> None:
    """A page of Stripe's ``/v1/customers`` and ``/v1/customers/{id}``: headed by that
    prefix, not by ``/``."""
    paths = {
        "/v1/customers": {"get": _get("listCustomers")},
        "/v1/customers/{id}": {"get": _get("getCustomer")},
    }
    spec = {"openapi": "3.0.3", "info": {"title": "Flat", "version": "1"}, "paths": paths}
    app = make_app("html", srcdir=spec_project(tmp_path, spec))
    app.build()
    assert groups(app, "index") == [("/v1/customers", ["listCustomers", "getCustomer"])]


def test_an_unknown_operation_is_reported_and_the_page_says_so(app: SphinxTestApp) -> None:
    (warning,) = warnings_of(app, "unknown")
    assert warning["subtype"] == "filter"
    assert warning["message"] == "the filters of api-spec api select no operation"
    assert warning["location"].endswith("unknown.rst:4")
    assert groups(app, "unknown") == []
    assert "No operation matches these filters." in html(app, "unknown")


def test_an_unknown_grouping_is_an_error_of_the_directive(app: SphinxTestApp) -> None:
    stream = app.warning.getvalue()
    assert stream.count("bad-group.rst") == 1
    error = stream[stream.index("bad-group.rst") :]
    assert error.startswith('bad-group.rst:4: ERROR: Error in "api-spec" directive:\n')
    assert """invalid option value: (option: "group-by"; value: 'tags')""" in error
    assert warnings_of(app, "bad-group") == []
    assert groups(app, "bad-group") == []
