"""spec/grouping.py: operations in groups, without Sphinx."""

from __future__ import annotations

from pathlib import Path

from sphinxext_apidocs.spec.grouping import (
    OperationGroup,
    by_path,
    by_tag,
    in_sections,
    shared_prefix,
    split_large,
    with_parent_tags,
)
from sphinxext_apidocs.spec.model import ApiSpec, Location, Operation, Tag, TagGroup
from sphinxext_apidocs.spec.selection import Selection, grouped

from ..helpers import load_text


def op(path: str, method: str = "get", *tags: str) -> Operation:
    return Operation(method, path, Location("api.yaml", path), tags=tags)


def spec(
    *operations: Operation, tags: tuple[Tag, ...] = (), groups: tuple[TagGroup, ...] = ()
) -> ApiSpec:
    return ApiSpec(
        "api.yaml", "3.1.0", "API", "1", tags=tags, tag_groups=groups, operations=operations
    )


def keys(groups: list[OperationGroup]) -> list[tuple[str, int]]:
    return [(g.key, len(g.operations)) for g in groups]


def test_the_shared_prefix_is_literal_segments_only() -> None:
    assert shared_prefix(["/v1/customers", "/v1/charges/{id}"]) == ["v1"]
    assert shared_prefix(["/{tenant}/a", "/{tenant}/b"]) == []
    assert shared_prefix(["/a", "/b"]) == []
    assert shared_prefix([]) == []


def test_untagged_operations_group_by_the_segment_after_the_prefix() -> None:
    ops = [op("/v1/customers"), op("/v1/customers/{id}", "post"), op("/v1/charges"), op("/v1")]
    assert keys(by_tag(spec(*ops), ops)) == [("customers", 2), ("charges", 1), ("/", 1)]


def test_tags_in_the_spec_order_then_undeclared_then_untagged() -> None:
    ops = [
        op("/a", "get", "zeta"),
        op("/b", "get", "beta", "alpha"),
        op("/c"),
        op("/d", "get", "new"),
    ]
    tags = (Tag("alpha"), Tag("beta", display_name="Beta things"), Tag("zeta"))
    groups = by_tag(spec(*ops, tags=tags), ops)
    assert keys(groups) == [("beta", 1), ("zeta", 1), ("new", 1), ("", 1)]
    assert groups[0].title == "Beta things"


def test_tag_groups_and_parents_are_sections() -> None:
    tags = (Tag("pets"), Tag("cats", parent="pets"), Tag("tabby", parent="cats"), Tag("users"))
    ops = [
        op("/p", "get", "pets"),
        op("/c", "get", "cats"),
        op("/t", "get", "tabby"),
        op("/u", "get", "users"),
    ]
    groups = by_tag(spec(*ops, tags=tags), ops)
    assert [g.section for g in groups] == ["pets", "pets", "pets", None]
    grouped = spec(*ops, tags=tags, groups=(TagGroup("People", ("users", "cats")),))
    assert [g.section for g in by_tag(grouped, ops)] == ["pets", "People", "pets", "People"]


def test_a_parent_tag_without_operations_heads_the_tags_under_it() -> None:
    tags = (
        Tag("users"),
        Tag("pets", display_name="All pets"),
        Tag("cats", parent="pets"),
        Tag("tabby", parent="cats"),
        Tag("dogs", parent="pets"),
    )
    ops = [op("/u", "get", "users"), op("/t", "get", "tabby"), op("/d", "get", "dogs")]
    api = spec(*ops, tags=tags)
    groups = with_parent_tags(api, by_tag(api, ops))
    # each missing parent once, outermost first, just before the first tag under it
    assert keys(groups) == [("users", 1), ("pets", 0), ("cats", 0), ("tabby", 1), ("dogs", 1)]
    assert groups[1].title == "All pets" and groups[1].tag == tags[1]
    assert [g.section for g in groups] == [None, "pets", "pets", "pets", "pets"]
    # a parent the tag filter leaves out stays out, and so do those above it
    wanted = ("tabby", "cats", "dogs")
    assert keys(with_parent_tags(api, by_tag(api, ops[1:], wanted), wanted)) == [
        ("cats", 0),
        ("tabby", 1),
        ("dogs", 1),
    ]
    # a parent with operations of its own is not added again
    with_own = [*ops, op("/p", "get", "pets")]
    assert [g.key for g in with_parent_tags(api, by_tag(api, with_own))].count("pets") == 1


def test_a_parent_tag_added_is_in_the_tag_group_of_the_tags_under_it() -> None:
    tags = (Tag("pets"), Tag("cats", parent="pets"), Tag("dogs", parent="pets"), Tag("users"))
    groups = (TagGroup("Animals", ("cats", "dogs")), TagGroup("People", ("users",)))
    ops = [op("/u", "get", "users"), op("/c", "get", "cats"), op("/d", "get", "dogs")]
    found = grouped(spec(*ops, tags=tags, groups=groups), Selection(), ops)
    assert [(g.key, g.section) for g in found] == [
        ("pets", "Animals"),
        ("cats", "Animals"),
        ("dogs", "Animals"),
        ("users", "People"),
    ]


def test_a_large_group_splits_by_the_next_literal_segment() -> None:
    ops = [
        op(f"/v1/treasury/{r}{tail}") for r in ("accounts", "transfers") for tail in ("", "/{id}")
    ]
    ops.append(op("/v1/treasury"))
    treasury, _charges = by_path([*ops, op("/v1/charges")])
    assert keys(split_large([treasury], 10)) == [("treasury", 5)]
    assert keys(split_large([treasury], 4)) == [
        ("treasury/accounts", 2),
        ("treasury/transfers", 2),
        ("treasury", 1),
    ]
    assert split_large([treasury], 4)[0].title == "treasury / accounts"


def test_operations_on_the_shared_prefix_itself_are_titled_by_it() -> None:
    # Stripe's customers page: /v1/customers and /v1/customers/{customer} only
    ops = [op("/v1/customers"), op("/v1/customers", "post"), op("/v1/customers/{customer}")]
    assert [(g.key, g.title) for g in by_path(ops)] == [("/", "/v1/customers")]
    assert [(g.key, g.title) for g in by_path([op("/a"), op("/b")])] == [("a", "a"), ("b", "b")]
    assert [(g.key, g.title) for g in by_path([op("/"), op("/{id}")])] == [("/", "/")]


def test_a_group_of_one_path_is_not_split() -> None:
    ops = [op("/a", m) for m in ("get", "put", "post", "delete")]
    assert keys(split_large(by_path(ops), 2)) == [("a", 4)]


def test_tag_groups_and_parents_are_read_and_bad_ones_reported(tmp_path: Path) -> None:
    loaded, problems, _files = load_text(
        tmp_path,
        """
        openapi: 3.2.0
        info: {title: T, version: "1"}
        tags: [{name: pets}, {name: cats, parent: pets}]
        x-tagGroups:
          - {name: Animals, tags: [pets, cats]}
          - {name: Broken}
          - 7
        paths: {}
        """,
    )
    assert loaded is not None
    assert loaded.tag_groups == (TagGroup("Animals", ("pets", "cats")),)
    assert loaded.tags[1].parent == "pets"
    assert [(p.subtype, p.pointer) for p in problems] == [
        ("structure", "/x-tagGroups/1"),
        ("structure", "/x-tagGroups/2"),
    ]


def test_tag_groups_come_in_their_order_with_their_tags_in_theirs() -> None:
    api = spec(
        op("/pets", "get", "pets"),
        op("/misc", "get", "misc"),
        op("/cats", "get", "cats"),
        op("/orders", "get", "orders"),
        tags=(Tag("pets"), Tag("misc"), Tag("cats"), Tag("orders")),
        groups=(TagGroup("Animals", ("cats", "pets")), TagGroup("Shop", ("orders",))),
    )
    found = in_sections(api, by_tag(api, list(api.operations)))
    assert [(section, [g.key for g in members]) for section, members in found] == [
        ("Animals", ["cats", "pets"]),
        ("Shop", ["orders"]),
        (None, ["misc"]),
    ]
