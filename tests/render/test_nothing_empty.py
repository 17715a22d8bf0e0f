"""Nothing empty, nothing twice: no request-body block that can hold nothing, and a
made-up example shown once per operation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..helpers import INLINE_SCHEMAS, build, spec_project

EMPTY_FORM = {"type": "object", "properties": {}, "additionalProperties": False}
"""What Stripe's spec declares as the request body of its GET and DELETE operations."""
ERROR = {
    "description": "An error",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


def _spec(paths: dict[str, Any]) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": paths,
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["message"],
                    "properties": {"message": {"type": "string", "enum": ["went wrong"]}},
                }
            }
        },
    }


def _text(make_app: Any, tmp_path: Path, spec: dict[str, Any], conf: str = "") -> str:
    src = spec_project(tmp_path, spec, conf=conf)
    app = build(make_app, src, "text")
    return (app.outdir / "index.txt").read_text(encoding="utf-8")


def test_a_body_that_can_hold_nothing_is_not_shown(make_app: Any, tmp_path: Path) -> None:
    body = {"content": {"application/x-www-form-urlencoded": {"schema": EMPTY_FORM}}}
    text = _text(
        make_app,
        tmp_path,
        _spec(
            {
                "/account": {
                    "get": {
                        "operationId": "getAccount",
                        "requestBody": body,
                        "responses": {"204": {"description": "done"}},
                    },
                    "delete": {
                        "operationId": "deleteAccount",
                        "requestBody": {**body, "required": True},
                        "responses": {"204": {"description": "done"}},
                    },
                }
            }
        ),
    )
    get, delete = text.split("DELETE /account")
    assert "Request body" not in get
    # a required one is a fact worth stating, but its made-up example is no empty block
    assert "Request body (required)" in delete
    assert "made from the schema" not in delete
    # the code samples send no empty body either
    assert "data=" not in get and "URLSearchParams" not in get and "cannot send" not in get


def test_a_made_up_example_is_shown_once_per_operation(make_app: Any, tmp_path: Path) -> None:
    responses = {"400": ERROR, "404": ERROR, "500": ERROR}
    text = _text(
        make_app,
        tmp_path,
        _spec({"/things": {"get": {"operationId": "listThings", "responses": responses}}}),
        INLINE_SCHEMAS,  # linked, it is shown with the schema (tests/sphinx_ext/test_examples_once)
    )
    assert text.count('"message": "went wrong"') == 1
    assert text.count("Example (made from the schema): as shown above") == 2
