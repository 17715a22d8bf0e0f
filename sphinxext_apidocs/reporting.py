"""``apidocs`` warnings: recorded per document while reading, emitted once per build.

Directives do not log directly: they record warnings in the environment,
keyed by document.  After reading (``env-updated``, in the main process, after
parallel reads were merged) every recorded warning is emitted once, sorted,
with spec problems shared by several documents reported for the first of
them.  Because the records live in the pickled environment, an incremental
build that re-reads nothing still reports them, so ``-W`` cannot pass on a
cached build while the problem remains.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from typing import NamedTuple

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from .spec.problems import Problem
from .spec.subtypes import Subtype

logger = logging.getLogger("sphinxext_apidocs")

ATTR = "apidocs_warnings"


class Record(NamedTuple):
    subtype: str
    message: str
    lineno: int | None
    key: str | None
    """Spec problems: the same key from several documents is reported once."""


def _store(env: BuildEnvironment) -> dict[str, list[Record]]:
    store = getattr(env, ATTR, None)
    if store is None:
        store = {}
        setattr(env, ATTR, store)
    return store


def record(env: BuildEnvironment, subtype: Subtype | str, message: str, lineno: int | None) -> None:
    """Record a warning about the document being read, at ``lineno``."""
    value = subtype.value if isinstance(subtype, Subtype) else subtype
    _store(env).setdefault(env.docname, []).append(Record(value, message, lineno, None))


def record_problems(env: BuildEnvironment, problems: Iterable[Problem], lineno: int | None) -> None:
    """Record problems found in a spec, attributed to the current document."""
    out = _store(env).setdefault(env.docname, [])
    for p in problems:
        where = p.where()
        message = f"{where}: {p.message}" if where else p.message
        key = f"{p.subtype}\0{where}\0{p.message}"
        out.append(Record(p.subtype, message, lineno, key))


def purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _store(env).pop(docname, None)


def merge_info(
    app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
) -> None:
    theirs = _store(other)
    ours = _store(env)
    for docname in docnames:
        if docname in theirs:
            ours[docname] = theirs[docname]


def emit(app: Sphinx, env: BuildEnvironment) -> None:
    """Emit every recorded warning once (``env-updated``)."""
    store = _store(env)
    seen: set[str] = set()
    for docname in sorted(store):
        if docname not in env.all_docs:
            continue
        for rec in store[docname]:
            if rec.key is not None:
                if rec.key in seen:
                    continue
                seen.add(rec.key)
            logger.warning(
                rec.message,
                type="apidocs",
                subtype=rec.subtype,
                location=(docname, rec.lineno) if rec.lineno else docname,
            )


def setup(app: Sphinx) -> None:
    app.connect("env-purge-doc", purge_doc)
    app.connect("env-merge-info", merge_info)
    app.connect("env-updated", emit)
