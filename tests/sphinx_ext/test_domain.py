"""The ``api`` domain: roles, ``:any:``, MyST links, indices, duplicates, intersphinx."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.inventory import InventoryFile

from sphinxext_apidocs.sphinx_ext.domain import operation_key

from ..helpers import ROOTS, apidocs_warnings, build, copy_root, other_warnings


def _links(html: str) -> list[tuple[str, str]]:
    """(href, text) of the internal links in a page's body."""
    body = html[html.index("<section") :]
    return [
        (m[1], re.sub(r"<[^>]+>", "", m[2]))
        for m in re.finditer(
            r'<a class="reference (?:internal|external)" href="([^"]+)"[^>]*>(.*?)</a>', body
        )
    ]


def _uri(item: Any) -> str:
    """An inventory item's URI (an object with ``uri`` from Sphinx 9, a tuple before)."""
    return item.uri if hasattr(item, "uri") else item[2]


def _warnings(app: SphinxTestApp) -> list[tuple[str, str, str]]:
    return sorted(
        (w["subtype"], w["location"].rsplit("/", 1)[-1], w["message"])
        for w in apidocs_warnings(app.warning.getvalue())
    )


EXPECTED_WARNINGS = [
    (
        "duplicate",
        "payments.rst:4",
        "operation GET /charges/{id} of spec payments is also documented at guide.rst:23; "
        "links go there (give this one :no-index:)",
    ),
    (
        "unknown-spec",
        "operations.rst:17",
        "api-index: no spec 'nope' in apidocs_specs (known: payments, refunds)",
    ),
    (
        "xref",
        "guide.rst:11",
        "operation 'status' is in several specs (payments, refunds); linked to the first. "
        "Qualify it: payments:status",
    ),
    (
        "xref",
        "guide.rst:13",
        "no operation 'createCharges' in the documented specs; did you mean 'createCharge'?",
    ),
]


@pytest.mark.sphinx("html", testroot="domain", freshenv=True)
def test_roles_resolve(app: SphinxTestApp) -> None:
    app.build()
    links = _links((app.outdir / "guide.html").read_text(encoding="utf-8"))
    assert ("payments.html#createCharge", "createCharge") in links  # by operationId
    assert ("#getCharge", "get /charges/{id}") in links  # by method and path, any case
    assert ("refunds.html#createRefund", "the refund call") in links  # with a title
    assert ("refunds.html#status", "refunds:status") in links  # qualified by spec
    assert ("payments.html#schema-payments-Charge", "Charge") in links
    assert ("payments.html#tag-charges", "charges") in links
    assert ("refunds.html#createRefund", "createRefund") in links  # :any:
    assert ("payments.html#status", "status") in links  # ambiguous: the first, warned
    # :no-index: keeps the guide's createRefund out: links go to the reference page
    assert ("#createRefund", "createRefund") not in links
    # two specs' "status" on one page: the second gets an anchor that names its spec
    guide = (app.outdir / "guide.html").read_text(encoding="utf-8")
    assert 'id="status"' in guide and 'id="refunds-status"' in guide
    assert _warnings(app) == EXPECTED_WARNINGS
    assert other_warnings(app.warning.getvalue()) == []


@pytest.mark.sphinx("html", testroot="domain", freshenv=True)
def test_myst_links_and_table_references(app: SphinxTestApp) -> None:
    app.build()
    links = _links((app.outdir / "links.html").read_text(encoding="utf-8"))
    assert ("payments.html#createCharge", "the charge call") in links
    assert ("payments.html#schema-payments-Charge", "the schema") in links
    assert ("refunds.html#createRefund", "POST /refunds") in links
    payments = (app.outdir / "payments.html").read_text(encoding="utf-8")
    # schema names in tables and response links reach their targets, in their own spec only
    assert 'href="#schema-payments-Charge"' in payments
    refunds = (app.outdir / "refunds.html").read_text(encoding="utf-8")
    assert "schema-payments-Charge" not in refunds and "Charge" in refunds
    assert re.search(
        r'href="guide.html#getCharge"[^>]*><code[^>]*>\s*<span class="pre">getCharge', payments
    )


@pytest.mark.sphinx("html", testroot="domain", freshenv=True)
def test_indices(app: SphinxTestApp) -> None:
    app.build()
    index = (app.outdir / "api-operations.html").read_text(encoding="utf-8")
    # grouped by spec (there are two) and first path segment; deprecated marked; summaries
    for group in ("payments /charges", "payments /status", "refunds /refunds", "refunds /status"):
        assert group in index
    assert "deprecated" in index and "Create a refund" in index
    page = (app.outdir / "operations.html").read_text(encoding="utf-8")
    tables = page.split('<p class="rubric">')
    assert 'class="apidocs-method apidocs-method-post">POST</span>' in page
    assert len(tables) == 1 + 4 + 2  # all four groups, then the payments ones
    assert all("refunds" not in t for t in tables[5:])
    genindex = (app.outdir / "genindex.html").read_text(encoding="utf-8")
    assert "POST /charges (payments API operation)" in genindex
    assert "createCharge (payments API operation)" in genindex
    assert "Charge (payments API schema)" in genindex
    inventory = InventoryFile.load((app.outdir / "objects.inv").open("rb"), "", Path.joinpath)
    operations = inventory["api:operation"]
    assert _uri(operations["payments:createCharge"]) == "payments.html#createCharge"
    assert _uri(operations["refunds:POST /refunds"]) == "refunds.html#createRefund"
    assert (
        _uri(inventory["api:schema"]["payments:Charge"]) == "payments.html#schema-payments-Charge"
    )


def test_a_duplicate_takes_over_when_the_first_place_goes(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = copy_root("test-domain", tmp_path)
    make_app("html", srcdir=src).build()
    guide = src / "guide.rst"
    text = guide.read_text()
    guide.write_text(text.replace(".. api-endpoint:: getCharge\n   :spec: payments\n", ""))
    app = build(make_app, src)
    links = _links((app.outdir / "guide.html").read_text(encoding="utf-8"))
    assert ("payments.html#getCharge", "get /charges/{id}") in links
    assert "duplicate" not in {w[0] for w in _warnings(app)}


def test_operation_keys() -> None:
    assert operation_key("get   /a/{b}") == "GET /a/{b}"
    assert operation_key("post dependabot-alert") == "POST dependabot-alert"  # a webhook
    assert operation_key("createCharge") == "createCharge"
    assert operation_key("fetch /a") == "fetch /a"  # not a method


def test_parallel_build_agrees_with_serial(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = copy_root("test-domain", tmp_path)
    app = build(make_app, src, parallel=2)
    assert _warnings(app) == EXPECTED_WARNINGS
    links = _links((app.outdir / "guide.html").read_text(encoding="utf-8"))
    assert ("#getCharge", "get /charges/{id}") in links


def test_editing_a_page_updates_the_domain_and_the_index(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = copy_root("test-domain", tmp_path)
    make_app("html", srcdir=src).build()
    # the refunds reference goes away: its objects leave the domain, the index page follows
    (src / "refunds.rst").write_text("Refunds API\n===========\n\nGone.\n")
    app = build(make_app, src)
    page = (app.outdir / "operations.html").read_text(encoding="utf-8")
    assert "/refunds" not in page and "/charges" in page
    assert "refunds.html#createRefund" not in (app.outdir / "guide.html").read_text()
    assert ("xref", "guide.rst:11") not in {w[:2] for w in _warnings(app)}  # no longer ambiguous
    # its operationIds name nothing now; the pages' own records hold only what they show
    domain: Any = app.env.domains["api"]
    assert not [k for k in domain.operation_ids.values() if "/refunds" in k]
    assert all("/refunds" not in key for keys in domain.keys_by_page.values() for key in keys)
    assert {o.docname for ps in domain.places.values() for o in ps} == set(domain.keys_by_page)
    # a build with nothing changed writes nothing (the index pages included)
    again = build(make_app, src)
    assert "no targets are out of date" in again.status.getvalue()


def test_intersphinx_links_into_another_project(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = make_app("html", srcdir=shutil.copytree(ROOTS / "test-domain", tmp_path / "a"))
    first.build()
    second = tmp_path / "b"
    second.mkdir()
    (second / "conf.py").write_text(
        'extensions = ["sphinx.ext.intersphinx", "sphinxext_apidocs"]\n'
        f"intersphinx_mapping = {{'shop': ('https://shop.example/', {str(first.outdir / 'objects.inv')!r})}}\n"
    )
    (second / "index.rst").write_text(
        "Client\n======\n\n:api:op:`payments:createCharge`, :api:op:`createRefund`, "
        ":api:schema:`payments:Charge`, :api:op:`refunds:POST /refunds`.\n"
    )
    app = build(make_app, second)
    links = _links((app.outdir / "index.html").read_text(encoding="utf-8"))
    hrefs = {href for href, _ in links}
    assert "https://shop.example/payments.html#createCharge" in hrefs
    assert "https://shop.example/refunds.html#createRefund" in hrefs
    assert "https://shop.example/payments.html#schema-payments-Charge" in hrefs
    assert len(links) == 4


def test_specs_given_by_path_are_named_by_their_path(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A configured file keeps its configured name; others are named by their path, so
    v1/api.yaml and v2/api.yaml are two specs, not duplicates of one "api"."""
    spec = (ROOTS / "test-domain" / "refunds.yaml").read_text()
    for folder in ("v1", "v2"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "api.yaml").write_text(spec)
    (tmp_path / "conf.py").write_text(
        'extensions = ["sphinxext_apidocs"]\napidocs_specs = {"one": "v1/api.yaml"}\n'
    )
    (tmp_path / "index.rst").write_text(
        "T\n=\n\n.. api-spec:: v1/api.yaml\n\n.. api-spec:: v2/api.yaml\n\n"
        ":api:op:`one:createRefund` and :api:op:`v2/api:createRefund`\n"
    )
    app = build(make_app, tmp_path)
    assert apidocs_warnings(app.warning.getvalue()) == []
    links = _links((app.outdir / "index.html").read_text(encoding="utf-8"))
    assert ("#createRefund", "one:createRefund") in links
    assert ("#v2-api-createRefund", "v2/api:createRefund") in links
