"""The ``link-target`` rule: a Link object's ``operationId`` or ``operationRef`` names an
operation (pure Python, no Sphinx)."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from ...diagnostics import suggest
from ...diagnostics.rules import LINK_TARGET
from ...spec.model import METHODS
from ...spec.paths import ADDITIONAL_OPERATIONS
from ...spec.pointer import unescape_token
from .raw import URL_SCHEME, RawSpec


def check_link(raw: RawSpec, link: dict[str, Any], file: str, pointer: str) -> None:
    """The operation a Link object (at ``pointer`` of ``file``) names exists."""
    name = unescape_token(pointer.rsplit("/", 1)[-1])
    op_id = link.get("operationId")
    if isinstance(op_id, str) and op_id not in raw.operation_ids:
        hint = suggest.aside(op_id, raw.operation_ids, what="operationId")
        raw.report(
            LINK_TARGET,
            f"link {name!r} names operationId {op_id!r}, which no operation has{hint}",
            file,
            pointer + "/operationId",
        )
    op_ref = link.get("operationRef")
    remote = isinstance(op_ref, str) and URL_SCHEME.match(op_ref.strip()) is not None
    if isinstance(op_ref, str) and not remote and _operation_at(raw, file, op_ref) is False:
        raw.report(
            LINK_TARGET,
            f"link {name!r} has operationRef {op_ref!r}, which does not point to an operation",
            file,
            pointer + "/operationRef",
        )


def _operation_at(raw: RawSpec, file: str, ref: str) -> bool | None:
    """Whether ``ref`` points to an operation object; None when it cannot be told
    (another file that is not loaded)."""
    path, _, fragment = ref.strip().partition("#")
    if path:
        place = raw.target(file, path)
        if place is None:
            return None
        file = place[0]
    pointer = unquote(fragment)
    if not pointer.startswith("/"):
        return False
    value: Any = raw.data.get(file)
    tokens = pointer[1:].split("/")
    for n, written in enumerate(tokens):
        token = unescape_token(written)
        found = raw.deref(value, file, "")
        if found is None:
            return False
        value, file, _ = found
        if isinstance(value, dict) and token in value:
            value = value[token]
        elif isinstance(value, list) and written.isdigit() and int(written) < len(value):
            value = value[int(written)]
        else:
            return False
        if n == len(tokens) - 1:
            below_item = token in METHODS or (n > 0 and tokens[n - 1] in ADDITIONAL_OPERATIONS)
            return below_item and isinstance(value, dict)
    return False
