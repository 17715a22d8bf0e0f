"""Load one YAML or JSON file into plain data, safely, remembering source lines.

Pure Python (no Sphinx).  :func:`load_document` never raises for bad input;
everything wrong becomes a :class:`~.problems.Problem`.  Policies:

* Bytes: UTF-8 (a BOM is stripped) or UTF-16/32 with a BOM.  Invalid UTF-8,
  Latin-1 and NUL bytes refuse the file (``encoding``).  A lone surrogate
  escape (``"\\ud800"`` in JSON or a YAML double-quoted string) is replaced by
  U+FFFD with an ``encoding`` warning; the document is kept.
* YAML: PyYAML (libyaml when available) only *parses*; the data is built here
  from its event stream, iteratively: YAML 1.2 core-schema scalars (``yes``,
  ``012345`` and ``2024-01-01`` stay strings; floats are :class:`~.numbers.SourceFloat`),
  keys are the text they were written as, duplicate keys warn (last wins),
  ``<<`` merges, any tag outside the standard ones warns (``unsafe``) and is
  ignored, aliases share one object and may add at most
  :data:`~.yaml_source.ALIAS_EXPANSION_LIMIT` nodes in all (then a placeholder string), and
  an alias to a node that contains it becomes a placeholder.  Events are used
  rather than ``yaml.compose`` because libyaml's composer recurses in C (and
  crashes the interpreter on ``[[[[...`` 30,000 deep) and is five times
  slower; building from events stops at :data:`~.document.MAX_DEPTH` before libyaml has
  read more than a few kilobytes of a deep input.
* JSON: duplicate keys warn (last wins); ``NaN``/``Infinity`` are kept as
  floats with a ``parse`` warning; integers over 4,300 digits are kept as their
  digit strings; floats are :class:`~.numbers.SourceFloat`.
* Nesting deeper than :data:`~.document.MAX_DEPTH` refuses the document (``depth``).
* A root that is not a mapping warns (``not-openapi``); the data is kept.

The readers live beside this entry point: :mod:`.text` (bytes to text),
:mod:`.json_source` and :mod:`.json_positions` (JSON), :mod:`.yaml_source` and
:mod:`.yaml_scalars` (YAML), :mod:`.document` (the result and the depth limit).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from ..diagnostics.problems import Problem
from ..diagnostics.subtypes import Subtype
from .document import LoadedDocument
from .json_source import load_json
from .text import decode_text, has_surrogate_escape, replace_surrogates
from .yaml_source import load_yaml

__all__ = ["DEFAULT_MAX_BYTES", "load_document", "paused_gc"]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection meanwhile: loading and checking a large spec make
    millions of objects, and each full collection walks all of them (a quarter of an
    ``apicheck`` run on GitHub's spec).  Collection resumes afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# -- entry point -------------------------------------------------------------


def load_document(
    content: bytes, path: str, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> LoadedDocument:
    """Parse ``content`` (the bytes of the file at ``path``); never raises for bad input.

    JSON when ``path`` ends in ``.json`` (a JSON error is reported, with no
    YAML retry) or when the text starts with ``{``/``[`` and parses as JSON;
    YAML otherwise.  A lone surrogate escape is replaced by U+FFFD with an
    ``encoding`` warning; JSON ``NaN``/``Infinity`` are kept with a ``parse``
    warning.
    """
    problems: list[Problem] = []

    def refuse(subtype: Subtype, message: str, line: int | None = None) -> LoadedDocument:
        problems.append(Problem(subtype.value, message, path, line))
        return LoadedDocument(path, None, problems, {}, refused=True)

    if len(content) > max_bytes:
        return refuse(
            Subtype.SIZE,
            f"file is {len(content):,} bytes, over the limit of {max_bytes:,}; not parsed",
        )
    text = decode_text(content, path, problems)
    if text is None:
        return LoadedDocument(path, None, problems, {}, refused=True)
    if not text.strip():
        return refuse(Subtype.NOT_OPENAPI, "the file is empty; expected an OpenAPI document")

    doc: LoadedDocument | None = None
    if path.lower().endswith(".json"):
        doc = load_json(text, path, problems, strict=True)
    elif text.lstrip()[:1] in ("{", "["):
        doc = load_json(text, path, problems, strict=False)
    if doc is None:
        doc = load_yaml(text, path, problems)

    if doc.data is not None and has_surrogate_escape(content, text):
        doc.data = replace_surrogates(doc)
    _check_root(doc)
    return doc


def _check_root(doc: LoadedDocument) -> None:
    """Warn unless the root is a mapping (an empty document is refused)."""
    data = doc.data
    if isinstance(data, dict) or doc.refused:
        return
    if data is None:
        doc.refused = True
        message = "expected an OpenAPI document: the document is empty (null)"
    else:
        kinds = {list: "a list", str: "a string", bool: "a boolean"}
        got = kinds.get(type(data), "a number")
        message = (
            f"expected an OpenAPI document: a mapping with an `openapi` or `swagger` key, got {got}"
        )
    doc.problems.append(Problem(Subtype.NOT_OPENAPI.value, message, doc.path, doc.line_of(""), ""))
