"""spec/selection.py and the digest of a selection (spec/parts.py), without Sphinx."""

from __future__ import annotations

from dataclasses import replace

from sphinxext_apidocs.spec.model import ApiSpec, Location, Operation, Schema, Tag
from sphinxext_apidocs.spec.parts import SpecParts, digest
from sphinxext_apidocs.spec.paths import template_key
from sphinxext_apidocs.spec.selection import GroupBy, Selection, canonical, select


def op(path: str, method: str = "get", *tags: str, name: str | None = None) -> Operation:
    return Operation(
        method, path, Location("api.yaml", f"{method} {path}"), operation_id=name, tags=tags
    )


def spec(*operations: Operation, tags: tuple[Tag, ...] = ()) -> ApiSpec:
    return ApiSpec("api.yaml", "3.1.0", "API", "1", tags=tags, operations=operations)


def shown(api: ApiSpec, selection: Selection) -> str:
    return digest(api, SpecParts(selections=frozenset({selection})), (), {})


PETS = (op("/pets", "get", "pets"), op("/pets", "post", "pets"), op("/orders", "get", "orders"))


def test_an_operation_the_selection_does_not_keep_changes_nothing() -> None:
    pets = Selection(tags=("pets",))
    before = shown(spec(*PETS), pets)
    assert shown(spec(*PETS, op("/orders", "post", "orders")), pets) == before
    assert shown(spec(*PETS[:2]), pets) == before  # an orders operation removed
    assert shown(spec(*PETS, op("/pets/{id}", "get", "pets")), pets) != before
    assert shown(spec(PETS[0], PETS[2]), pets) != before  # a pets operation removed


def test_exact_names_keep_only_the_operations_named() -> None:
    named = Selection(names=canonical(["a", ("post", "/pets")]))
    ops = [op("/x", name="a"), PETS[1], op("/y", name="b")]
    assert select(spec(*ops), named) == [ops[0], ops[1]]
    before = shown(spec(*ops), named)
    assert shown(spec(*ops, op("/z", name="c")), named) == before


def test_selections_sharing_a_memo_find_what_each_names_in_spec_order() -> None:
    """The index a memo keeps (one per set of Markdown tags) gives each page of a page
    tree its own operations, duplicates once, in the spec's order."""
    ops = [op("/x", name="a"), op("/y", "post", name="b"), op("/x", "put"), op("/z", name="a")]
    api, memo = spec(*ops), {}
    assert select(api, Selection(names=canonical(["b", ("put", "/x")])), memo) == ops[1:3]
    assert select(api, Selection(names=canonical(["a"])), memo) == [ops[0], ops[3]]
    assert select(api, Selection(names=canonical(["a", ("get", "/x")])), memo) == [ops[0], ops[3]]
    assert select(api, Selection(names=canonical(["nothing"])), memo) == []
    moved = ((template_key("post", "/y"), ("pets",)),)
    both = Selection(tags=("pets",), names=canonical(["b"]), markdown_tags=moved)
    assert [o.tags for o in select(api, both, memo)] == [("pets",)]
    assert select(api, Selection(), memo) == ops


def test_a_tag_a_markdown_section_adds_selects_a_new_operation() -> None:
    tagged = Selection(
        tags=("pets",), markdown_tags=((template_key("get", "/kennels"), ("pets",)),)
    )
    before = shown(spec(*PETS), tagged)
    assert shown(spec(*PETS, op("/kennels")), tagged) != before
    assert shown(spec(*PETS, op("/barns")), tagged) == before


def test_the_groups_shown_are_part_of_the_digest() -> None:
    """A tag's title is its heading: renaming it reads the page again; grouping by path
    does not show it."""
    titled = (Tag("pets", display_name="Pets"),)
    renamed = (Tag("pets", display_name="Animals"),)
    for group_by, changes in ((GroupBy.TAG, True), (GroupBy.PATH, False)):
        selection = Selection(tags=("pets",), group_by=group_by)
        before = shown(spec(*PETS, tags=titled), selection)
        assert (shown(spec(*PETS, tags=renamed), selection) != before) is changes


def test_the_digest_of_names_does_not_depend_on_their_order() -> None:
    """Stripe's pages name up to 30 operations: a set of them iterates in an order that
    depends on how it was built (and unpickled), which read pages again at random."""
    names = [f"GetCustomersCustomer{c}{i}" for i in range(40) for c in "ab"]
    api = spec(*(op(f"/{n}", name=n) for n in names))
    assert shown(api, Selection(names=canonical(names))) == shown(
        api, Selection(names=canonical(reversed(names)))
    )


def _schemas(**targets: tuple[str, ...]) -> dict[str, Schema]:
    """Schemas keyed ``#/components/schemas/NAME``, each an object whose properties refer
    to the schemas named; ``description`` tells versions apart."""
    key = "#/components/schemas/{}".format
    return {
        key(name): Schema(
            Location("api.yaml", key(name)),
            types=("object",),
            properties=tuple(
                (t, Schema(Location("api.yaml", key(name) + "/" + t), ref=key(t))) for t in refs
            ),
        )
        for name, refs in targets.items()
    }


def test_a_page_showing_a_schema_depends_on_all_it_reaches_and_nothing_else() -> None:
    """The digest of a schema a page shows covers every schema it reaches, through
    cycles and chains (one hash per strongly connected component), not the others."""
    graph = {"A": ("B",), "B": ("C", "A"), "C": ("D",), "D": (), "E": ("A",), "F": ()}

    def page(changed: str = "", dangling: bool = False) -> str:
        schemas = _schemas(**graph)
        if changed:
            old = schemas[f"#/components/schemas/{changed}"]
            schemas[f"#/components/schemas/{changed}"] = replace(old, description="edited")
        if dangling:
            del schemas["#/components/schemas/D"]
        names = tuple((n, f"#/components/schemas/{n}") for n in graph)
        api = replace(spec(), schemas=schemas, component_schemas=names)
        return digest(api, SpecParts(schemas=frozenset({"A"})), (), {})

    before = page()
    assert page() == before
    for name in ("A", "B", "C", "D"):  # A, B (its cycle), C and D (a chain below it)
        assert page(name) != before, name
    for name in ("E", "F"):  # E refers to A; nothing of A reaches E or F
        assert page(name) == before, name
    assert page(dangling=True) != before
    # a memo shared with pages asked before (E reaches A's component) gives the same
    names = tuple((n, f"#/components/schemas/{n}") for n in graph)
    api = replace(spec(), schemas=_schemas(**graph), component_schemas=names)
    memo: dict[object, object] = {}
    for first in ("F", "E", "C"):
        digest(api, SpecParts(schemas=frozenset({first})), (), memo)
    assert digest(api, SpecParts(schemas=frozenset({"A"})), (), memo) == before
