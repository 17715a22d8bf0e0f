"""Links in spec text: Redoc-style fragments reach the page that shows their target,
``/path`` links the site of ``apidocs_link_base``; search lists an operation once."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sphinx.util.inventory import InventoryFile

from ..helpers import apidocs_warnings, build, copy_root, other_warnings, write_files


def _spec_links(page: str) -> list[tuple[str, str]]:
    """(href, text) of the links made from spec text on a built HTML page."""
    return [
        (m[1], re.sub(r"<[^>]+>", "", m[2]))
        for m in re.finditer(
            r'<a class="apidocs-spec-link[^"]*" href="([^"]*)"[^>]*>(.*?)</a>', page
        )
    ]


def _html(
    make_app: Any, tmp_path: Path, conf: str = ""
) -> tuple[Any, dict[str, list[tuple[str, str]]]]:
    src = copy_root("test-spec-links", tmp_path)
    with (src / "conf.py").open("a") as f:
        f.write(conf)
    app = build(make_app, src)
    pages = ("overview", "pets", "orders", "schemas")
    return app, {
        p: _spec_links((app.outdir / f"{p}.html").read_text(encoding="utf-8")) for p in pages
    }


def test_redoc_fragments_link_to_the_page_showing_their_target(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app, links = _html(make_app, tmp_path)
    assert links["overview"] == [
        ("pets.html#listPets", "listing pets"),  # #operation/<operationId>
        ("pets.html#tag-Pet-Store", "the store"),  # #tag/<name>, spelled as Redoc does
        ("orders.html#getOrder", "an order"),  # #tag/<name>/operation/<operationId>
        ("schemas.html#schema-shop-Pet", "Pet"),  # #schema/<name>
        ("schemas.html#schema-shop-Order", "the order schema"),  # #/components/schemas/<name>
        ("/docs/guide", "the guide"),  # no apidocs_link_base: as written
    ]
    assert ("pets.html#tag-Pet-Store", "all pets") in links["orders"]  # #tag/Pet%20Store
    assert ("#schema-shop-Pet", "Pet") in links["schemas"]  # on the same page
    # an HTML <a> too, its markup kept; a target the spec does not have: text, a warning
    pets = (app.outdir / "pets.html").read_text(encoding="utf-8")
    assert links["pets"] == [("orders.html#getOrder", "get an order")]
    assert "there is <span" in pets and "no such call</span>" in pets
    (warning,) = apidocs_warnings(app.warning.getvalue())
    assert warning["subtype"] == "xref"
    assert warning["location"].endswith("pets.rst:4")
    assert "#operation/adoptPet" in warning["message"]
    assert other_warnings(app.warning.getvalue()) == []


def test_markdown_endpoint_pages_link_the_same_way(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = copy_root("test-spec-links", tmp_path)
    write_files(
        src,
        {
            "notes.md": "# Notes\n\n## GET /notes\n\nLike [the pets](#operation/listPets), "
            "unlike [this](#tag/nothing).\n",
            "notes.rst": "Notes\n=====\n\n.. api-markdown:: notes.md\n",
            "index.rst": (src / "index.rst").read_text() + "   notes\n",
        },
    )
    app = build(make_app, src)
    links = _spec_links((app.outdir / "notes.html").read_text(encoding="utf-8"))
    assert links == [("pets.html#listPets", "the pets")]
    places = sorted(
        w["location"].rsplit("/", 1)[-1] for w in apidocs_warnings(app.warning.getvalue())
    )
    assert places == ["notes.rst:4", "pets.rst:4"]


def _with_sections(src: Path, pages: dict[str, str] | None = None) -> None:
    """The shop spec with headings in its description, linked from getOrder's."""
    spec = (src / "shop.yaml").read_text(encoding="utf-8")
    spec = spec.replace(
        "Read [the guide](/docs/guide).\n",
        "Read [the guide](/docs/guide).\n\n    # Authentication\n\n    With a key.\n\n"
        "    ## Rate limits\n\n    Ten a second.\n",
    ).replace(
        "description: See [all pets]",
        "description: Sign in ([auth](#section/Authentication), [limits](#section/"
        "Authentication/Rate-limits), [nowhere](#section/Billing)). See [all pets]",
    )
    write_files(src, {"shop.yaml": spec, **(pages or {})})


def test_section_links_reach_the_headings_of_the_description(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = copy_root("test-spec-links", tmp_path)
    _with_sections(src)
    app = build(make_app, src)
    overview = (app.outdir / "overview.html").read_text(encoding="utf-8")
    assert re.search(r'<p class="rubric" id="section-shop-Authentication">Authentication', overview)
    assert re.search(r'<p class="rubric" id="section-shop-Rate-limits">Rate limits', overview)
    links = _spec_links((app.outdir / "orders.html").read_text(encoding="utf-8"))
    assert links[:2] == [
        ("overview.html#section-shop-Authentication", "auth"),
        ("overview.html#section-shop-Rate-limits", "limits"),  # the last part names it
    ]
    assert ("nowhere", "nowhere") not in links  # no such heading: its text, a warning
    unresolved = [w for w in apidocs_warnings(app.warning.getvalue()) if "Billing" in w["message"]]
    assert [(w["subtype"], w["location"].rsplit("/", 1)[-1]) for w in unresolved] == [
        ("xref", "orders.rst:4")
    ]
    # headings are link targets, not search results
    index = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    objects = json.loads(index[index.index("(") + 1 : index.rindex(")")])["objects"]
    names = {entry[4] for entries in objects.values() for entry in entries}
    assert "Pet Store" in names and "Authentication" not in names


def test_section_links_reach_the_overview_of_an_api_spec(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = copy_root("test-spec-links", tmp_path)
    empty = "Empty\n=====\n"
    pages = {"pets.rst": empty, "orders.rst": empty, "schemas.rst": empty}
    _with_sections(src, {**pages, "overview.rst": "Shop\n====\n\n.. api-spec:: shop\n"})
    app = build(make_app, src)
    links = _spec_links((app.outdir / "overview.html").read_text(encoding="utf-8"))
    assert ("#section-shop-Authentication", "auth") in links
    assert ("#section-shop-Rate-limits", "limits") in links


def test_link_base_puts_path_links_on_its_site(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, links = _html(make_app, tmp_path, 'apidocs_link_base = "https://shop.example/"\n')
    assert ("https://shop.example/docs/guide", "the guide") in links["overview"]
    assert ("https://shop.example/docs/pricing", "the pricing") in links["orders"]


def test_latex_references(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, copy_root("test-spec-links", tmp_path), "latex")
    (tex,) = Path(app.outdir).glob("*.tex")
    text = tex.read_text(encoding="utf-8")
    assert r"\hyperref[\detokenize{pets:listPets}]{\sphinxcrossref{listing pets}}" in text
    assert r"\hyperref[\detokenize{schemas:schema-shop-Order}]" in text
    assert "no such call" in text


def test_apicheck_reports_path_links_and_missing_targets_in_the_spec(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    src = copy_root("test-spec-links", tmp_path)
    findings = _findings(build(make_app, src, "apicheck"))
    assert findings == [
        ("link-root-relative", "/info/description", 5),
        ("link-root-relative", "/paths/~1orders~1{id}/get/description", 30),
        ("xref-unresolved", "/paths/~1pets/get/description", 17),
    ]
    write_files(
        src,
        {"conf.py": (src / "conf.py").read_text() + 'apidocs_link_base = "https://shop.example"\n'},
    )
    findings = _findings(build(make_app, src, "apicheck", freshenv=True))
    assert findings == [("xref-unresolved", "/paths/~1pets/get/description", 17)]


def _findings(app: Any) -> list[tuple[str, str, int]]:
    report = json.loads((Path(app.outdir) / "apicheck.json").read_text(encoding="utf-8"))
    out = []
    for finding in report["findings"]:
        place = finding["locations"][0]
        assert (place["kind"], place["file"]) == ("spec", "shop.yaml")
        out.append((finding["rule"], place["pointer"], place["line"]))
    return sorted(out)


def test_search_lists_an_operation_once_and_the_inventory_has_both_names(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, copy_root("test-spec-links", tmp_path))
    index = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    objects = json.loads(index[index.index("(") + 1 : index.rindex(")")])["objects"]
    names = sorted(entry[4] for entries in objects.values() for entry in entries)
    assert names == ["GET /orders/{id}", "GET /pets", "Order", "Pet", "Pet Store", "orders"]
    with (app.outdir / "objects.inv").open("rb") as f:
        inventory = InventoryFile.load(f, "", Path.joinpath)
    operations = inventory["api:operation"]
    for name in ("shop:listPets", "shop:GET /pets", "listPets", "GET /pets"):
        item = operations[name]
        assert (item.uri if hasattr(item, "uri") else item[2]) == "pets.html#listPets"
