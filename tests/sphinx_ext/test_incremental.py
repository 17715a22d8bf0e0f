"""Incremental builds: a build that reuses the environment shows what a clean build shows.

Every test builds, changes the project, and builds again with a new application on the
same source folder (reusing the pickled environment, as ``sphinx-build`` does).  Files are
edited the way ``cp -p``, ``rsync -t``, ``tar x`` and restoring a backup edit them: with
an mtime older than the last build, so that only their content says they changed.
"""

from __future__ import annotations

import os
import shutil
import threading
import tracemalloc
from pathlib import Path

import pytest

from sphinxext_apidocs.sphinx_ext.state import BuildState

from ..helpers import INLINE_SCHEMAS, apidocs_warnings, build, copy_root

OLD = 946_684_800  # 2000-01-01: older than any build


def _warnings(app, subtype: str) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    return [w for w in apidocs_warnings(app.warning.getvalue()) if w["subtype"] == subtype]


def _edit_with_an_old_mtime(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, (OLD, OLD))


# -- warnings found while writing ---------------------------------------------------------

_BROKEN = "Links\n=====\n\nSee :api:op:`noSuchOperation` and :api:op:`listBooks`.\n"
_FIXED = "Links\n=====\n\nSee :api:op:`getBook` and :api:op:`listBooks`.\n"


def _project_with_a_broken_reference(tmp_path: Path) -> Path:
    src = copy_root("test-basic", tmp_path)
    (src / "links.rst").write_text(_BROKEN, encoding="utf-8")
    with (src / "conf.py").open("a") as conf:  # no Schemas section: Author is documented nowhere
        conf.write(INLINE_SCHEMAS)
    index = src / "index.rst"
    index.write_text(index.read_text().replace("   myst\n", "   myst\n   links\n"))
    return src


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_broken_reference_warns_on_every_build_until_fixed(
    make_app, tmp_path: Path, jobs: int
) -> None:  # type: ignore[no-untyped-def]
    """References are resolved while pages are written; a page that is not written again
    still has its broken reference, so every build says so (``-W`` fails in CI)."""
    src = _project_with_a_broken_reference(tmp_path)
    written = None
    for _build_number in range(3):
        app = build(make_app, src, parallel=jobs)
        (xref,) = _warnings(app, "xref")
        assert "noSuchOperation" in xref["message"]
        assert xref["location"].endswith("links.rst:4")
        page = Path(app.outdir) / "links.html"
        # from the second build on, the page is not written again: the warning is kept
        assert written in (None, page.stat().st_mtime_ns)
        written = page.stat().st_mtime_ns
    (src / "links.rst").write_text(_FIXED, encoding="utf-8")
    for _build_again in range(2):
        app = build(make_app, src, parallel=jobs)
        assert not _warnings(app, "xref")


def test_a_reference_fixed_by_another_page_stops_warning(make_app, tmp_path: Path) -> None:
    """The reference's page is only written again (not read) when the target appears."""
    src = _project_with_a_broken_reference(tmp_path)
    (src / "links.rst").write_text("Links\n=====\n\nSee :api:schema:`Author`.\n", encoding="utf-8")
    assert _warnings(build(make_app, src), "xref")
    assert _warnings(build(make_app, src), "xref")
    index = src / "index.rst"
    index.write_text(index.read_text() + "\n.. api-schema:: Author\n   :spec: books\n")
    assert not _warnings(build(make_app, src), "xref")
    assert not _warnings(build(make_app, src), "xref")


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_that_reads_and_writes_nothing_repeats_every_warning(
    make_app, tmp_path: Path, jobs: int
) -> None:  # type: ignore[no-untyped-def]
    """Duplicates (found while reading), ambiguous and dangling references (found while
    writing), directive problems: the second build reports what the first did."""
    src = copy_root("test-domain", tmp_path)
    builds = [build(make_app, src, parallel=jobs) for _ in range(2)]
    first, again = (
        sorted(
            (w["subtype"], w["location"], w["message"])
            for w in apidocs_warnings(b.warning.getvalue())
        )
        for b in builds
    )
    assert {w[0] for w in first} == {"duplicate", "unknown-spec", "xref"}
    assert again == first


# -- rebuild decisions by content ---------------------------------------------------------


@pytest.mark.parametrize(
    ("root", "file", "old", "new", "page"),
    [
        ("test-basic", "openapi/schemas/common.yaml", "amount:", "amountInCents:", "reference"),
        ("test-basic", "openapi/books.yaml", "Get a book", "Fetch a volume", "reference"),
        ("test-markdown", "endpoints/users.md", "one user by id", "one member by id", "reference"),
        ("test-markdown", "standalone.md", "a note to an item", "a remark to an item", "legacy"),
    ],
    ids=["ref-file", "spec", "markdown-source", "api-markdown-file"],
)
def test_an_edit_with_an_old_mtime_rebuilds(
    make_app, tmp_path: Path, root: str, file: str, old: str, new: str, page: str
) -> None:  # type: ignore[no-untyped-def]
    src = copy_root(root, tmp_path)
    first = build(make_app, src)
    html = Path(first.outdir) / f"{page}.html"
    shown = old.rstrip(":")
    assert shown in html.read_text(encoding="utf-8")
    _edit_with_an_old_mtime(src / file, old, new)
    build(make_app, src)
    assert new.rstrip(":") in html.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("root", "file", "text", "page"),
    [
        ("test-basic", "openapi/schemas/common.yaml", "currency", "reference"),
        ("test-basic", "openapi/books.yaml", "Get a book", "reference"),
        ("test-markdown", "standalone.md", "Add a note to an item.", "legacy"),
    ],
    ids=["ref-file", "spec", "api-markdown-file"],
)
def test_a_deleted_and_restored_file_rebuilds(
    make_app, tmp_path: Path, root: str, file: str, text: str, page: str
) -> None:  # type: ignore[no-untyped-def]
    """Deleted: the page is read again and warns.  Restored from a backup (its old mtime):
    the page is read again and the warning is gone."""
    _delete_and_restore(make_app, tmp_path, copy_root(root, tmp_path), file, text, page)


def test_a_spec_named_by_path_deleted_and_restored_rebuilds(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """While the file is missing the path names no spec; it is still what the page needs."""
    src = copy_root("test-external", tmp_path)
    (src / "index.rst").write_text("External\n========\n\n.. api-spec:: api.yaml\n")
    _delete_and_restore(make_app, tmp_path, src, "api.yaml", "From a local file", "index")


def _delete_and_restore(  # type: ignore[no-untyped-def]
    make_app, tmp_path: Path, src: Path, file: str, text: str, page: str
) -> None:
    backup = tmp_path / "backup"
    shutil.copy2(src / file, backup)
    os.utime(backup, (OLD, OLD))
    first = build(make_app, src)
    html = Path(first.outdir) / f"{page}.html"
    assert text in html.read_text(encoding="utf-8")
    clean = apidocs_warnings(first.warning.getvalue())
    (src / file).unlink()
    gone = build(make_app, src)
    assert len(apidocs_warnings(gone.warning.getvalue())) > len(clean)
    assert text not in html.read_text(encoding="utf-8")
    shutil.copy2(backup, src / file)  # as restoring a backup does: the old mtime
    restored = build(make_app, src)
    assert apidocs_warnings(restored.warning.getvalue()) == clean
    assert text in html.read_text(encoding="utf-8")


def test_a_second_build_in_the_same_process_sees_an_edit(make_app, tmp_path: Path) -> None:
    """HAZARDS #31, also with an old mtime: nothing is cached by path across builds."""
    src = copy_root("test-basic", tmp_path)
    first = build(make_app, src)
    html = Path(first.outdir) / "reference.html"
    for n in range(3):
        _edit_with_an_old_mtime(
            src / "openapi" / "schemas" / "common.yaml",
            f"amount{'X' * n}:",
            f"amount{'X' * (n + 1)}:",
        )
        build(make_app, src)
        assert f"amount{'X' * (n + 1)}" in html.read_text(encoding="utf-8")


def test_a_dependency_replaced_by_a_fifo_is_not_opened(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Deciding what changed never opens what is not a regular file (a FIFO would block the
    build forever): the page is read again and warns, and again once the file is back."""
    src = copy_root("test-basic", tmp_path)
    common = src / "openapi" / "schemas" / "common.yaml"
    backup = tmp_path / "common.yaml"
    shutil.copy2(common, backup)
    clean = apidocs_warnings(build(make_app, src).warning.getvalue())
    common.unlink()
    os.mkfifo(common)
    done: list[object] = []
    builder = threading.Thread(target=lambda: done.append(build(make_app, src)), daemon=True)
    builder.start()
    builder.join(timeout=120)  # a generous guard: the fault is a hang
    assert done, "the build blocked on the FIFO"
    assert any("common.yaml" in w["message"] for w in _warnings(done[0], "file"))
    common.unlink()
    shutil.copy2(backup, common)
    assert apidocs_warnings(build(make_app, src).warning.getvalue()) == clean


def test_the_same_application_building_again_sees_an_edit_and_its_warnings(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """One application that builds twice (as a watcher may): nothing of the first build
    stands for the second (file hashes, the pages written)."""
    src = _project_with_a_broken_reference(tmp_path)
    app = build(make_app, src)
    html = Path(app.outdir) / "reference.html"
    common = src / "openapi" / "schemas" / "common.yaml"
    for n in range(1, 3):
        _edit_with_an_old_mtime(common, f"amount{'X' * (n - 1)}:", f"amount{'X' * n}:")
        app.build()
        assert f"amount{'X' * n}" in html.read_text(encoding="utf-8")
        assert len(_warnings(app, "xref")) == 1 + n  # the first build's, then the kept one


def test_a_dependency_over_the_size_limit_is_not_read_to_hash_it(tmp_path: Path) -> None:
    """Hashing a dependency reads no more than ``apidocs_max_file_size`` (here a sparse
    64 MB file under the default limit of 50 MB): its fingerprint records its size."""
    big = tmp_path / "big.yaml"
    with open(big, "wb") as f:
        f.truncate(64 * 1024 * 1024)
    state = BuildState(str(tmp_path))
    tracemalloc.start()
    try:
        fingerprint = state.sha256(str(big))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024, f"{peak:,} bytes"
    assert fingerprint is not None  # there is a file
    with open(big, "ab") as f:
        f.truncate(65 * 1024 * 1024)
    state.hashes.clear()
    assert state.sha256(str(big)) not in (None, fingerprint)


# -- after a spec edit, only the pages whose content changed are read -----------------------

_OWN_PAGE = "Orders\n======\n\n.. api-spec:: shop\n   :tags: orders\n"
"""A page of the user's own: the filter selects every operation tagged ``orders``."""


def _pages_project(tmp_path: Path) -> Path:
    """tests/roots/test-pages (``apidocs_pages`` for ``shop`` and ``flat``), with a page
    of the user's own filtering ``shop``'s operations by tag."""
    src = copy_root("test-pages", tmp_path)
    (src / "own.rst").write_text(_OWN_PAGE, encoding="utf-8")
    index = src / "index.rst"
    index.write_text(index.read_text(encoding="utf-8") + "   own\n", encoding="utf-8")
    return src


def _read_by(make_app, src: Path, **kwargs) -> list[str]:  # type: ignore[no-untyped-def]
    """The documents a build of ``src`` reads (also with parallel readers)."""
    app = make_app("html", srcdir=src, **kwargs)
    read: list[str] = []
    app.connect("env-before-read-docs", lambda _app, _env, docnames: read.extend(docnames))
    app.build()
    return sorted(read)


_SHOP_EDITS = {
    "nothing": ("", "", []),
    "an operation's description": (
        "get: {operationId: listOrders,",
        "get: {operationId: listOrders, description: Newest first.,",
        ["api/shop/orders", "own"],
    ),
    "a schema two operations pages show": (
        "Pet: {type: object,",
        "Pet: {type: object, description: An animal.,",
        # listPets and getPet, listOrders through Order, and both schema pages
        [
            "api/shop/orders",
            "api/shop/pets",
            "api/shop/schemas/order",
            "api/shop/schemas/pet",
            "own",
        ],
    ),
    "info.description": (
        'info: {title: Shop API, version: "1"}',
        'info: {title: Shop API, version: "1", description: Pets and more.}',
        ["api/shop/index"],
    ),
    "a tag's description": (
        "description: Animals for sale.",
        "description: Animals to adopt.",
        # the overview lists the tags, the tag's page shows it (not the own page: orders)
        ["api/shop/index", "api/shop/pets"],
    ),
}


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("edit", list(_SHOP_EDITS))
def test_a_spec_edit_reads_only_the_pages_it_changes(
    make_app, tmp_path: Path, edit: str, jobs: int
) -> None:  # type: ignore[no-untyped-def]
    """Every page depends on the parts of the spec it shows, not on the whole file (a
    filtered ``api-spec`` also on which operations there are); the edited page shows
    the edit."""
    old, new, pages = _SHOP_EDITS[edit]
    src = _pages_project(tmp_path)
    build(make_app, src, parallel=jobs)
    spec = src / "shop.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    assert _read_by(make_app, src, parallel=jobs) == pages
    if new:
        shown = new.split("description: ")[-1].rstrip(".,}")
        html = [(src / "_build" / "html" / page).with_suffix(".html") for page in pages]
        assert any(shown in page.read_text(encoding="utf-8") for page in html)
    assert _read_by(make_app, src, parallel=jobs) == []


def test_a_new_operation_a_filter_selects_reads_its_page(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = _pages_project(tmp_path)
    build(make_app, src)
    spec = src / "shop.yaml"
    text = spec.read_text(encoding="utf-8").replace(
        "  /users/me:\n",
        "  /orders/{id}:\n"
        "    delete: {operationId: cancelOrder, tags: [orders], responses: {'204': {description: gone}}}\n"
        "  /users/me:\n",
    )
    spec.write_text(text, encoding="utf-8")
    assert "own" in _read_by(make_app, src)
    assert "cancelOrder" in (src / "_build" / "html" / "own.html").read_text(encoding="utf-8")


def test_a_page_with_a_diagram_still_depends_on_the_whole_spec(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = _pages_project(tmp_path)
    (src / "own.rst").write_text(_OWN_PAGE + "\n.. api-diagram:: shop\n", encoding="utf-8")
    build(make_app, src)
    spec = src / "shop.yaml"
    old, new, _pages = _SHOP_EDITS["info.description"]
    spec.write_text(spec.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    assert _read_by(make_app, src) == ["api/shop/index", "own"]


_NEW_ORDER_OPERATION = (
    "  /users/me:\n",
    "  /orders/{id}:\n"
    "    delete: {operationId: cancelOrder, tags: [orders], responses: {'204': {description: gone}}}\n"
    "  /users/me:\n",
)


@pytest.mark.parametrize(
    ("old", "new", "pages", "gone"),
    [
        # the orders page lists the new operation: its file changes; the own page selects it
        (*_NEW_ORDER_OPERATION, ["api/shop/orders", "own"], ""),
        # only the pets page showed it
        (
            '    post: {operationId: createPet, tags: [pets], responses: {"201": {description: created}}}\n',
            "",
            ["api/shop/pets"],
            "createPet",
        ),
    ],
    ids=["added", "removed"],
)
def test_adding_or_removing_an_operation_reads_only_the_pages_that_show_it(
    make_app, tmp_path: Path, old: str, new: str, pages: list[str], gone: str
) -> None:  # type: ignore[no-untyped-def]
    """Each ``api-spec`` depends on what its filters select from the edited spec, not on
    the list of every operation: the other tags' pages (and the other spec's) stay, and
    so does the index (its toctree names the same pages)."""
    src = _pages_project(tmp_path)
    build(make_app, src)
    _edit_with_an_old_mtime(src / "shop.yaml", old, new)
    assert _read_by(make_app, src) == pages
    html = {page: (src / "_build" / "html" / page).with_suffix(".html") for page in pages}
    if gone:
        assert gone not in html["api/shop/pets"].read_text(encoding="utf-8")
    else:
        assert "cancelOrder" in html["api/shop/orders"].read_text(encoding="utf-8")
    assert _read_by(make_app, src) == []


def test_a_filtered_page_headed_by_a_parent_tag_reads_its_edit(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A parent tag (OpenAPI 3.2) without operations of its own heads its tags: the page
    depends on its description although no operation shown has that tag."""
    src = copy_root("test-openapi32", tmp_path)
    spec = src / "api.yaml"
    spec.write_text(
        spec.read_text(encoding="utf-8").replace("tags: [catalogue]", "tags: [products]"),
        encoding="utf-8",
    )
    (src / "index.rst").write_text("API\n===\n\n.. api-spec:: v32\n   :methods: get\n")
    build(make_app, src)
    _edit_with_an_old_mtime(spec, "description: Everything sold.", "description: All we sell.")
    assert _read_by(make_app, src) == ["index"]
    assert "All we sell." in (src / "_build" / "html" / "index.html").read_text(encoding="utf-8")
