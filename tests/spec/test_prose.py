"""Unit tests for :mod:`sphinxext_apidocs.spec.prose`."""

from __future__ import annotations

from sphinxext_apidocs.spec.prose import prose


def test_prose_is_descriptions_summaries_and_titles_outside_example_data() -> None:
    data = {
        "info": {"title": "T", "description": "D", "x-logo": {"title": "extension"}},
        "x-webhooks": {"w": {"post": {"summary": "W"}}},
        "paths": {
            "/a/{b}": {
                "get": {
                    "summary": "S",
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {
                                "application/json": {
                                    "example": {"description": "data"},
                                    "examples": {
                                        "one": {"summary": "E", "value": {"title": "data"}}
                                    },
                                    "schema": {
                                        "title": 7,
                                        "default": {"summary": "data"},
                                        "examples": [{"description": "data"}],
                                        "x-notes": {"description": "extension"},
                                    },
                                }
                            },
                        }
                    },
                }
            }
        },
    }
    found = sorted(prose(data))
    assert found == sorted(
        [
            ("description", "/info/description", "D"),
            ("description", "/paths/~1a~1{b}/get/responses/200/description", "OK"),
            ("summary", "/paths/~1a~1{b}/get/summary", "S"),
            (
                "summary",
                "/paths/~1a~1{b}/get/responses/200/content/application~1json/examples/one/summary",
                "E",
            ),
            ("summary", "/x-webhooks/w/post/summary", "W"),
            ("title", "/info/title", "T"),
        ]
    )


def test_response_default_and_properties_named_like_keywords_are_spec_not_data() -> None:
    shared = {"description": "once"}
    data = {
        "paths": {
            "/a": {
                "get": {
                    "responses": {
                        "default": {"description": "see [codes](#codes)"},
                        "200": {"description": "OK", "links": {"l": shared, "m": shared}},
                    }
                }
            }
        },
        "components": {
            "schemas": {
                "S": {
                    "properties": {
                        "value": {"description": "V"},
                        "default": {"description": "D", "default": {"description": "data"}},
                        "enum": {"description": "E", "enum": [{"description": "data"}]},
                        "x-name": {"description": "X"},
                    }
                }
            },
            "examples": {"value": {"summary": "an example named value", "value": {"title": "d"}}},
        },
    }
    found = {pointer: text for _key, pointer, text in prose(data)}
    assert list(found.values()).count("once") == 1  # an alias: once
    assert found == {
        "/paths/~1a/get/responses/default/description": "see [codes](#codes)",
        "/paths/~1a/get/responses/200/description": "OK",
        "/paths/~1a/get/responses/200/links/m/description": "once",
        "/components/schemas/S/properties/value/description": "V",
        "/components/schemas/S/properties/default/description": "D",
        "/components/schemas/S/properties/enum/description": "E",
        "/components/schemas/S/properties/x-name/description": "X",
        "/components/examples/value/summary": "an example named value",
    }


def test_aliases_are_walked_once() -> None:
    leaf: dict[str, object] = {"description": "[a](#nowhere)"}
    level: dict[str, object] = {"x": leaf}
    for _ in range(6):  # a million paths to one description, as YAML aliases can make
        level = {str(i): level for i in range(10)}
    assert len(list(prose({"paths": level}))) == 1
