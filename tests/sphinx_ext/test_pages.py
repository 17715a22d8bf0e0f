"""``apidocs_pages``: the page tree written into the source folder at ``builder-inited``
(docs/pages.rst), on tests/roots/test-pages: ``shop`` has tags and ``x-tagGroups``,
``flat`` has no tag and a ``treasury`` group too large for one page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinxext_apidocs.render.page_tree import MARKER
from sphinxext_apidocs.sphinx_ext.domain import ApiDomain

from ..helpers import (
    apidocs_warnings,
    build,
    copy_root,
    other_warnings,
    spec_project,
    write_files,
)


@pytest.fixture
def src(tmp_path: Path) -> Path:
    return copy_root("test-pages", tmp_path)


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).with_suffix("").as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*.rst"))
    }


def mtimes(folder: Path) -> dict[Path, int]:
    """The modification time of every source file under ``folder``."""
    return {p: p.stat().st_mtime_ns for p in folder.rglob("*") if "_build" not in p.parts}


def test_the_tree_is_written_and_builds_without_warnings(make_app: Any, src: Path) -> None:
    app = build(make_app, src)
    assert other_warnings(app.warning.getvalue()) == []
    assert apidocs_warnings(app.warning.getvalue()) == []
    shop = tree(src / "api" / "shop")
    assert list(shop) == [
        "admin",
        "index",
        "orders",
        "other",
        "pets",
        "schemas/order",
        "schemas/pet",
        "users",
        "webhooks",
    ]
    assert all(text.startswith(MARKER + "\n") for text in shop.values())
    assert (app.outdir / "api" / "shop" / "pets.html").is_file()
    # a tag's page is titled by the api-spec section of its tag, with its description
    pets = (app.outdir / "api" / "shop" / "pets.html").read_text(encoding="utf-8")
    assert "<title>Pets" in pets and "Animals for sale." in pets
    assert app.env.titles["api/shop/other"].astext() == "Other operations"
    assert app.env.titles["reference/flat/index"].astext() == "Flat reference"


def places(app: SphinxTestApp, spec: str, kind: str) -> dict[str, list[str]]:
    """The pages each object of ``kind`` of ``spec`` is documented on (not only shown as
    shared), by name (operations: ``METHOD /path``)."""
    domain = app.env.get_domain("api")
    assert isinstance(domain, ApiDomain)
    prefix = f"{kind}:{spec}:"
    return {
        key.removeprefix(prefix): [o.docname for o in objects if not o.shared]
        for key, objects in domain.places.items()
        if key.startswith(prefix)
    }


def test_every_operation_is_on_exactly_one_page(make_app: Any, src: Path) -> None:
    app = build(make_app, src)
    shop = places(app, "shop", "operation")
    assert len(shop) == 8 and all(len(pages) == 1 for pages in shop.values())
    assert shop["GET /pets/{id}"] == ["api/shop/pets"]  # its first tag; also tagged admin
    assert shop["GET /health"] == ["api/shop/other"]
    assert shop["POST petAdopted"] == ["api/shop/webhooks"]
    flat = places(app, "flat", "operation")
    assert len(flat) == 37 and all(len(pages) == 1 for pages in flat.values())
    assert flat["GET /v1/treasury/accounts/{id}"] == ["reference/flat/treasury-accounts"]
    # each schema on its own page, shown in full there only
    assert places(app, "shop", "schema") == {
        "Pet": ["api/shop/schemas/pet"],
        "Order": ["api/shop/schemas/order"],
    }


def test_tag_groups_are_sections_of_the_index(make_app: Any, src: Path) -> None:
    build(make_app, src)
    index = (src / "api" / "shop" / "index.rst").read_text(encoding="utf-8")
    store, accounts, other = (
        index.index(h) for h in ("Store\n", "Accounts\n", "Other operations\n")
    )
    assert store < index.index("   pets\n") < index.index("   orders\n") < accounts
    assert accounts < index.index("   users\n") < other < index.index("   admin\n")


def test_an_untagged_spec_is_grouped_by_the_segment_after_the_shared_prefix(
    make_app: Any, src: Path
) -> None:
    app = build(make_app, src)
    flat = tree(src / "reference" / "flat")
    groups = sorted(n for n in flat if n != "index" and not n.startswith("schemas"))
    # treasury (32 operations) is over the page limit: split by its next segment
    assert groups == [
        "charges",
        "customers",
        *sorted(
            f"treasury-{r}"
            for r in (
                "accounts",
                "transfers",
                "credits",
                "debits",
                "entries",
                "payments",
                "reversals",
                "statements",
            )
        ),
    ]
    assert app.env.titles["reference/flat/treasury-accounts"].astext() == "treasury / accounts"
    assert "getCustomer" in flat["customers"] and "v1" not in groups


def test_a_second_build_writes_nothing_and_reads_nothing(make_app: Any, src: Path) -> None:
    build(make_app, src)
    before = mtimes(src)
    app = make_app("html", srcdir=src)
    read: list[str] = []
    app.connect("source-read", lambda _app, docname, _source: read.append(docname))
    app.build()
    assert mtimes(src) == before
    assert read == []


def test_a_file_the_user_wrote_is_kept_with_a_warning(make_app: Any, src: Path) -> None:
    write_files(src, {"api/shop/pets.rst": "Pets\n====\n\nMy own page.\n"})
    app = build(make_app, src)
    assert (
        (src / "api" / "shop" / "pets.rst").read_text(encoding="utf-8").endswith("My own page.\n")
    )
    (warning,) = apidocs_warnings(app.warning.getvalue())
    assert warning["subtype"] == "pages"
    assert warning["location"].endswith("api/shop/pets.rst:1")


def test_the_page_of_a_group_that_is_gone_is_removed(make_app: Any, src: Path) -> None:
    build(make_app, src)
    spec = src / "shop.yaml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace("tags: [users]", "tags: [orders]"), encoding="utf-8")
    write_files(src, {"api/shop/notes.rst": "Notes\n=====\n"})  # the user's, kept
    app = build(make_app, src)
    assert not (src / "api" / "shop" / "users.rst").exists()
    assert (src / "api" / "shop" / "notes.rst").exists()
    assert "users" not in (src / "api" / "shop" / "index.rst").read_text(encoding="utf-8")
    assert "api/shop/users" not in app.env.found_docs


@pytest.mark.parametrize(
    ("value", "message", "absent"),
    [
        ({"nope": {}}, "'nope' is not a spec of apidocs_specs", "api/nope"),
        ({"shop": {"split": "tags"}}, "'split'", "api/shop"),
        ({"shop": {"dir": "../out"}}, "inside the source folder", "../out"),
        ({"shop": {"colour": 1}}, "not colour", "api/shop"),
        ({"shop": [], "flat": {"dir": "api/flat"}}, "a dict with the keys", "api/shop"),
        ({"shop": {}, "flat": {"dir": "api/shop/flat"}}, "overlaps", "api/shop/flat"),
    ],
)
def test_bad_settings_warn_and_are_left_out(
    make_app: Any, src: Path, value: dict[str, Any], message: str, absent: str
) -> None:
    conf = src / "conf.py"
    lines = conf.read_text(encoding="utf-8").splitlines(keepends=True)
    conf.write_text(
        "".join(
            f"apidocs_pages = {value!r}\n" if "apidocs_pages" in line else line for line in lines
        ),
        encoding="utf-8",
    )
    app = build(make_app, src)
    found = [w for w in apidocs_warnings(app.warning.getvalue()) if w["subtype"] == "config"]
    assert found and message in found[0]["message"]
    assert found[0]["location"].endswith("conf.py:3")
    assert not (src / absent).exists()


def test_the_index_shows_the_overview(make_app: Any, src: Path) -> None:
    """The generated index holds ``api-overview``: the spec's servers and download link."""
    app = build(make_app, src)
    index = (src / "api" / "shop" / "index.rst").read_text(encoding="utf-8")
    assert ".. api-overview:: shop\n" in index
    html = (Path(app.outdir) / "api" / "shop" / "index.html").read_text(encoding="utf-8")
    assert "_apidocs/shop/" in html


def test_split_by_operation_gives_each_operation_a_page(make_app: Any, src: Path) -> None:
    conf = src / "conf.py"
    text = conf.read_text(encoding="utf-8")
    conf.write_text(text.replace('"shop": {}', '"shop": {"split": "operation"}'), encoding="utf-8")
    app = build(make_app, src)
    assert other_warnings(app.warning.getvalue()) == []
    shop = places(app, "shop", "operation")
    assert shop["GET /pets/{id}"] == ["api/shop/pets/getpet"]
    assert shop["GET /health"] == ["api/shop/other/get-health"]
    assert len({page for pages in shop.values() for page in pages}) == 8
    assert app.env.titles["api/shop/other/get-health"].astext() == "Health check"
    assert "   getpet\n" in (src / "api" / "shop" / "pets" / "index.rst").read_text(
        encoding="utf-8"
    )


def test_group_pages_link_to_the_schema_pages_without_a_schemas_section(
    make_app: Any, src: Path
) -> None:
    """With schema pages, a group page lists no schema of its own (no *Schemas* section,
    no heading per schema in its contents): its operations link to the schema pages."""
    app = build(make_app, src)
    toc = app.env.tocs["api/shop/pets"].astext().splitlines()
    assert "Schemas" not in toc and "Pet" not in toc
    pets = (app.outdir / "api" / "shop" / "pets.html").read_text(encoding="utf-8")
    assert 'href="schemas/pet.html#schema-shop-Pet"' in pets
    # without schema pages, the group page shows the schemas its operations use
    conf = src / "conf.py"
    text = conf.read_text(encoding="utf-8")
    conf.write_text(text.replace('"shop": {}', '"shop": {"schemas": False}'), encoding="utf-8")
    app = build(make_app, src)
    assert "Pet" in app.env.tocs["api/shop/pets"].astext().splitlines()


@pytest.mark.parametrize("brk", ["\u2028", "\x85", "\u2029"])
def test_a_schema_name_with_a_line_break_is_on_no_page(
    make_app: Any, tmp_path: Path, brk: str
) -> None:
    """docutils splits lines with str.splitlines(): a schema name with \\u2028 or \\x85
    would start a ``raw`` directive of its own in the generated page."""
    hostile = f"Foo{brk}.. raw:: html{brk}{brk}   <script>alert(1)</script>{brk}{brk}x"
    spec = {
        "openapi": "3.0.3",
        "info": {
            "title": f"T{brk}.. raw:: html{brk}{brk}   <script>alert(2)</script>",
            "version": "1",
        },
        "paths": {},
        "components": {"schemas": {hostile: {"type": "string"}, "Plain": {"type": "integer"}}},
    }
    src = spec_project(tmp_path, spec, conf='apidocs_pages = {"api": {}}\n', index="Home\n====\n")
    app = build(make_app, src)
    pages = tree(src / "api" / "api")
    assert list(pages) == ["index", "schemas/plain"]
    assert not any("raw::" in text for text in pages.values())
    for html in Path(app.outdir).rglob("*.html"):
        assert "<script>alert" not in html.read_text(encoding="utf-8"), html
    found = [w for w in apidocs_warnings(app.warning.getvalue()) if w["subtype"] == "pages"]
    assert len(found) == 1 and "is on no page" in found[0]["message"]


def test_api_schema_refuses_a_name_over_two_lines(make_app: Any, tmp_path: Path) -> None:
    """Even when the spec has a schema of that name: no page can write it safely."""
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {},
        "components": {"schemas": {"Foo\nbar": {"type": "string"}}},
    }
    index = "Home\n====\n\n.. api-schema:: Foo\n   bar\n   :spec: api\n"
    app = build(make_app, spec_project(tmp_path, spec, index=index))
    (found,) = apidocs_warnings(app.warning.getvalue())
    assert found["subtype"] == "unknown-schema"


@pytest.mark.parametrize("link", ["api", "api/shop/schemas"])
def test_no_page_is_written_through_a_symlink_out_of_the_source_folder(
    make_app: Any, src: Path, tmp_path: Path, link: str
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (src / link).parent.mkdir(parents=True, exist_ok=True)
    (src / link).symlink_to(elsewhere, target_is_directory=True)
    app = build(make_app, src)
    assert list(elsewhere.rglob("*")) == []
    found = [w for w in apidocs_warnings(app.warning.getvalue()) if w["subtype"] == "pages"]
    assert found and all("outside the source folder" in w["message"] for w in found)
    assert (src / "reference" / "flat" / "index.rst").is_file()  # the other spec's tree


def test_a_stale_page_that_cannot_be_removed_is_kept_with_a_warning(
    make_app: Any, src: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(make_app, src)
    stale = src / "api" / "shop" / "users.rst"
    spec = src / "shop.yaml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace("tags: [users]", "tags: [orders]"), encoding="utf-8")

    def refuse(path: Path, missing_ok: bool = False) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(Path, "unlink", refuse)
    app = build(make_app, src)
    assert stale.exists()
    found = [w for w in apidocs_warnings(app.warning.getvalue()) if w["subtype"] == "pages"]
    assert len(found) == 1 and "cannot remove" in found[0]["message"]
    assert "users" in found[0]["location"]


def test_a_long_list_of_the_index_is_cut_into_contents_pages(make_app: Any, tmp_path: Path) -> None:
    """Sphinx draws each page's sidebar from the whole toctree it reaches: 250 tag pages
    in one list made that the cost of every page (Microsoft Graph beta: 2,947 pages, a
    second each).  The index lists contents pages of 100 instead, in order; every page
    is still reached, and the build warns of nothing."""
    paths = {
        f"/t{i:03}": {"get": {"operationId": f"op{i}", "tags": [f"tag{i:03}"], "responses": {}}}
        for i in range(250)
    }
    spec = {"openapi": "3.0.3", "info": {"title": "Many", "version": "1"}, "paths": paths}
    index = "Home\n====\n\n.. toctree::\n\n   api/api/index\n"
    src = spec_project(tmp_path, spec, conf='apidocs_pages = {"api": {}}\n', index=index)
    app = build(make_app, src)
    warnings = app.warning.getvalue()
    assert other_warnings(warnings) == [] and apidocs_warnings(warnings) == []
    pages = tree(src / "api" / "api")
    contents = sorted(n for n in pages if n.startswith("contents-"))
    assert contents == ["contents-operations-1", "contents-operations-2", "contents-operations-3"]
    assert [n for n in contents if f"   {n}\n" in pages["index"]] == contents
    assert "   tag000\n" not in pages["index"]
    listed = [line.strip() for n in contents for line in pages[n].splitlines()[7:] if line]
    assert listed == [f"tag{i:03}" for i in range(250)]
    assert app.env.titles["api/api/contents-operations-3"].astext() == "Operations: tag200 … tag249"
