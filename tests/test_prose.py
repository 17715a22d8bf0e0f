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
