"""The diff of two versions of a spec: one change of each kind, each classified as
breaking for clients or not (tests/specs/changes-old.yaml -> changes-new.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinxext_apidocs.changes.diff import CHECKS, Change, ChangeKind, diff
from sphinxext_apidocs.spec.model import ApiSpec
from sphinxext_apidocs.spec.normalize import load_spec

from ..helpers import SPECS, load_text

# (check, operation, text, breaking), in the order diff gives them
EXPECTED = [
    ("server-added", None, "server https://eu.example.com added", False),
    ("server-removed", None, "server https://old.example.com removed", True),
    ("schema-added", None, "schema added", False),
    ("schema-added", None, "schema added", False),
    ("schema-removed", None, "schema removed", False),
    ("parameter-became-required", "GET /pets", "query parameter `limit` became required", True),
    (
        "constraint-tightened",
        "GET /pets",
        "query parameter `limit`: maximum 100 → 50 (tightened)",
        True,
    ),
    ("parameter-became-optional", "GET /pets", "query parameter `owner` became optional", False),
    ("parameter-moved", "GET /pets", "header parameter `sort` moved from query to header", True),
    ("parameter-deprecated", "GET /pets", "query parameter `page` deprecated", False),
    ("type-changed", "GET /pets", "query parameter `page`: type integer → string", True),
    ("member-removed", "GET /pets", "query parameter `q`: oneOf #2 removed", True),
    ("parameter-added", "GET /pets", "optional query parameter `fields` added", False),
    ("parameter-added-required", "GET /pets", "required query parameter `tenant` added", True),
    ("parameter-removed", "GET /pets", "query parameter `trace` removed", False),
    ("header-became-optional", "GET /pets", "response 200 header `X-Rate` became optional", True),
    ("header-added", "GET /pets", "response 200 header `X-New` added", False),
    ("header-removed", "GET /pets", "response 200 header `X-Old` removed", False),
    ("type-changed", "GET /pets", "response 200 property `[].id`: type integer → string", True),
    (
        "constraint-loosened",
        "GET /pets",
        "response 200 property `[].name`: maxLength 50 → 100 (loosened)",
        True,
    ),
    (
        "property-became-optional",
        "GET /pets",
        "response 200 property `[].nickname` became optional",
        True,
    ),
    ("became-nullable", "GET /pets", "response 200 property `[].nickname`: null allowed", True),
    (
        "enum-value-added",
        "GET /pets",
        'response 200 property `[].kind`: enum value "bird" added',
        True,
    ),
    ("property-deprecated", "GET /pets", "response 200 property `[].weight` deprecated", False),
    (
        "format-changed",
        "GET /pets",
        "response 200 property `[].born`: format date → date-time",
        True,
    ),
    ("type-changed", "GET /pets", "response 200 property `[].tags[]`: type string → integer", True),
    ("property-added", "GET /pets", "response 200 property `[].color` added", False),
    ("property-removed", "GET /pets", "response 200 property `[].legacy` removed", False),
    ("media-type-removed", "GET /pets", "response 200: media type application/xml removed", True),
    ("response-added", "GET /pets", "response 500 added", False),
    ("response-removed", "GET /pets", "response 404 removed", False),
    ("security-scope-added", "GET /pets", "security scope oauth:write required", True),
    ("operation-deprecated", "POST /pets", "operation deprecated", False),
    ("request-body-became-required", "POST /pets", "request body became required", True),
    (
        "constraint-tightened",
        "POST /pets",
        "request body (application/json) property `name`: maxLength 50 → 20 (tightened)",
        True,
    ),
    (
        "enum-value-removed",
        "POST /pets",
        'request body (application/json) property `kind`: enum value "dog" removed',
        True,
    ),
    (
        "property-became-required",
        "POST /pets",
        "request body (application/json) property `color` became required",
        True,
    ),
    (
        "became-not-nullable",
        "POST /pets",
        "request body (application/json) property `color`: null no longer allowed",
        True,
    ),
    (
        "property-added-required",
        "POST /pets",
        "required request body (application/json) property `owner` added",
        True,
    ),
    (
        "type-changed",
        "POST /pets",
        "request body (application/json) property `age`: type integer → number",
        False,
    ),
    (
        "constraint-tightened",
        "POST /pets",
        "request body (application/json) property `size`: maximum (none) → 10 (tightened)",
        True,
    ),
    (
        "enum-set",
        "POST /pets",
        'request body (application/json) property `status`: now limited to "new", "old"',
        True,
    ),
    (
        "property-removed",
        "POST /pets",
        "request body (application/json) property `note` removed",
        False,
    ),
    (
        "media-type-added",
        "POST /pets",
        "request body: media type application/x-www-form-urlencoded added",
        False,
    ),
    ("media-type-removed", "POST /pets", "request body: media type text/plain removed", True),
    ("response-removed", "POST /pets", "response 202 removed", True),
    ("security-scope-added", "POST /pets", "security scope oauth:write required", True),
    ("security-added", "GET /pets/{id}", "security requirement oauth added", True),
    ("security-scope-added", "DELETE /pets/{id}", "security scope oauth:admin required", True),
    ("security-added", "DELETE /pets/{id}", "security requirement basic added", False),
    ("security-removed", "DELETE /pets/{id}", "security requirement key removed", True),
    ("operation-added", "GET /toys", "operation added", False),
    ("request-body-removed", "PUT /owners", "request body removed", False),
    ("security-scope-added", "PUT /owners", "security scope oauth:write required", True),
    ("server-added", "PUT /owners", "server https://owners.example.com added", False),
    ("server-removed", "PUT /owners", "server https://api.example.com removed", True),
    ("server-removed", "PUT /owners", "server https://old.example.com removed", True),
    ("request-body-became-optional", "POST /owners", "request body became optional", False),
    ("enum-unset", "POST /owners", 'request body: no longer limited to "a", "b"', False),
    ("header-became-required", "POST /owners", "response 200 header `X-Id` became required", False),
    ("type-changed", "POST /owners", "response 200 property `x`: type string → integer", True),
    ("member-added", "POST /owners", "response 200: allOf Extra added", False),
    (
        "security-scope-removed",
        "POST /owners",
        "security scope oauth:write no longer required",
        False,
    ),
    ("request-body-added", "DELETE /owners", "optional request body added", False),
    ("security-scope-added", "DELETE /owners", "security scope oauth:write required", True),
    ("request-body-added-required", "PATCH /owners", "required request body added", True),
    ("security-scope-added", "PATCH /owners", "security scope oauth:write required", True),
    ("operation-removed", "GET /legacy", "operation removed", True),
]


def load(name: str) -> ApiSpec:
    spec, problems, _files = load_spec(str(SPECS / name), str(SPECS))
    assert spec is not None and not problems
    return spec


@pytest.fixture(scope="module")
def changes() -> list[Change]:
    return diff(load("changes-old.yaml"), load("changes-new.yaml"))


def test_each_change_is_found_and_classified(changes: list[Change]) -> None:
    assert [(c.check, c.operation, c.text, c.breaking) for c in changes] == EXPECTED


def test_every_kind_of_change_is_in_the_pair(changes: list[Change]) -> None:
    assert {c.check for c in changes} == set(CHECKS)


def test_removals_point_into_the_old_version(changes: list[Change]) -> None:
    for change in changes:
        assert change.location.file == (
            "changes-old.yaml" if change.in_old else "changes-new.yaml"
        ), change
        if change.kind is ChangeKind.REMOVED and change.check != "security-removed":
            assert change.in_old, change


def test_a_renamed_path_parameter_is_no_change(changes: list[Change]) -> None:
    """/pets/{petId} became /pets/{id}: the same operations, the same parameter."""
    assert not [c for c in changes if c.operation == "GET /pets/{id}" and "parameter" in c.check]


def test_a_spec_has_no_changes_from_itself() -> None:
    spec = load("changes-new.yaml")
    assert diff(spec, spec) == []


def test_a_reference_loop_is_compared_once(tmp_path: Path) -> None:
    template = """
        openapi: 3.0.3
        info: {{title: t, version: "{version}"}}
        paths:
          /nodes:
            get:
              responses:
                "200":
                  description: ok
                  content:
                    application/json: {{schema: {{$ref: "#/components/schemas/Node"}}}}
        components:
          schemas:
            Node:
              type: object
              properties:
                next: {{$ref: "#/components/schemas/Node"}}
                value: {{type: {type}}}
    """
    old, _, _ = load_text(tmp_path / "a", template.format(version="1", type="string"))
    new, _, _ = load_text(tmp_path / "b", template.format(version="2", type="integer"))
    assert old is not None and new is not None
    found = [(c.check, c.subject, c.breaking) for c in diff(old, new)]
    assert found == [("type-changed", "response 200 property `value`", True)]
