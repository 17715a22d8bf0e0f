"""``apidocs`` warnings: recorded per document, and reported by every build while they hold.

Directives do not log directly: they record warnings in the environment,
keyed by document.  After reading (``env-updated``, in the main process, after
parallel reads were merged) every recorded warning is emitted once, sorted,
with spec problems shared by several documents reported for the first of
them.  Because the records live in the pickled environment, an incremental
build that re-reads nothing still reports them, so ``-W`` cannot pass on a
cached build while the problem remains.

Warnings found while a page is written (references resolved, post-transforms)
are logged at once and recorded too, per document and output: a later build
that does not write the page again reports them again at its end.  Sphinx
pickles the environment before writing, so it is saved again when they changed.

Every message the extension logs is written as one line (:class:`OneLine`): spec
text cannot start a line of its own, so it cannot forge a warning or a CI workflow
command (``::error file=...``) in the build log.
"""

from __future__ import annotations

import logging as pylogging
import os
import pickle
import weakref
from collections.abc import Iterable, Set
from typing import Any, NamedTuple

from docutils import nodes
from sphinx.application import ENV_PICKLE_FILENAME, Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.logging import get_node_location

from ..diagnostics.controls import log_line
from ..diagnostics.problems import Problem
from ..diagnostics.subtypes import Subtype
from . import state

logger = logging.getLogger("sphinxext_apidocs")

ATTR = "apidocs_warnings"
USES = "apidocs_spec_uses"
#: env attribute: docname -> {output (:func:`.state.output`): the warnings found while
#: writing the document there}
WRITTEN = "apidocs_write_warnings"


class Record(NamedTuple):
    subtype: str
    message: str
    lineno: int | None
    key: str | None
    """Spec problems (also those found while writing): the same key from several
    documents is reported once."""
    problem: Problem | None = None
    """What a spec or Markdown problem says of itself: file, line, pointer, rule."""
    location: str | None = None
    """Found while writing: where the warning points, as Sphinx shows it (file:line)."""


class SpecUse(NamedTuple):
    """A directive that uses a spec: which, and at which line of its document."""

    name: str
    path: str
    lineno: int | None


def _store(env: BuildEnvironment) -> dict[str, list[Record]]:
    return state.env_dict(env, ATTR)


def _written(env: BuildEnvironment) -> dict[str, dict[str, list[Record]]]:
    return state.env_dict(env, WRITTEN)


#: per environment: the documents written in the running build, with the warnings found
#: while writing each (see :func:`warn_while_writing`); not pickled
_WRITING: weakref.WeakKeyDictionary[BuildEnvironment, dict[str, list[Record]]] = (
    weakref.WeakKeyDictionary()
)


def _written_now(env: BuildEnvironment) -> dict[str, list[Record]]:
    return _WRITING.setdefault(env, {})


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
        out.append(Record(p.subtype, message, lineno, key, p))


def _uses(env: BuildEnvironment) -> dict[str, list[SpecUse]]:
    return state.env_dict(env, USES)


def record_spec_use(env: BuildEnvironment, name: str, path: str, lineno: int | None) -> None:
    """Note that the document being read uses spec ``name`` at ``path``."""
    uses = _uses(env).setdefault(env.docname, [])
    use = SpecUse(name, path, lineno)
    if use not in uses:
        uses.append(use)


def spec_uses(env: BuildEnvironment) -> dict[tuple[str, str], tuple[str, int | None]]:
    """Every spec the documents use, (name, path) -> the first (docname, line) using it."""
    out: dict[tuple[str, str], tuple[str, int | None]] = {}
    found = _uses(env)
    for docname in sorted(found):
        if docname in env.all_docs:
            for use in found[docname]:
                out.setdefault((use.name, use.path), (docname, use.lineno))
    return out


def purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _store(env).pop(docname, None)
    _uses(env).pop(docname, None)
    _written(env).pop(docname, None)


def merge_info(
    app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
) -> None:
    for attr in (ATTR, USES, WRITTEN):
        state.merge_env_dict(env, other, docnames, attr)


def emit(app: Sphinx, env: BuildEnvironment) -> None:
    """Emit every recorded warning once (``env-updated``)."""
    recorded = _store(env)
    seen: set[str] = set()
    for docname in sorted(recorded):
        if docname not in env.all_docs:
            continue
        for rec in recorded[docname]:
            if rec.key is not None:
                if rec.key in seen:
                    continue
                seen.add(rec.key)
            warn(
                rec.subtype,
                rec.message,
                (docname, rec.lineno) if rec.lineno else docname,
                rec.problem,
            )


def warn_while_writing(
    env: BuildEnvironment,
    subtype: Subtype,
    message: str,
    node: nodes.Node | None,
    key: str | None = None,
) -> None:
    """Log a warning about the document being written, at ``node``, and keep it (see
    :func:`repeat_write_warnings`).  A warning with a ``key`` (about the spec, not the
    page) is reported once in a build, whichever documents found it."""
    docname = env.docname
    where = (get_node_location(node) if node is not None else None) or docname
    found = _written_now(env).setdefault(docname, [])
    once = None if key is None else f"{subtype.value}\0{key}"
    found.append(Record(subtype.value, message, None, once, location=where))
    warn(subtype.value, message, node if node is not None else docname)


def note_written(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the document is written in this build (with the warnings
    :func:`warn_while_writing` logged, if any)."""
    _written_now(app.env).setdefault(docname, [])


def repeat_write_warnings(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the warnings found while writing the documents that this build
    did not write are reported again; those of the documents it wrote replace them (and
    the environment is saved again if that changed them)."""
    if exception is not None:
        return
    env = app.env
    output = state.output(env)
    kept = _written(env)
    written = _written_now(env)
    seen = {rec.key for records in written.values() for rec in records if rec.key is not None}
    for docname in sorted(kept.keys() - written.keys()):
        if docname in env.all_docs:
            for rec in kept[docname].get(output, ()):
                if rec.key is not None:
                    if rec.key in seen:
                        continue
                    seen.add(rec.key)
                warn(rec.subtype, rec.message, rec.location)
    changed = False
    for docname, records in written.items():
        outputs = kept.setdefault(docname, {})
        changed = changed or outputs.get(output, []) != records
        outputs[output] = records
        if not records:
            del outputs[output]
        if not outputs:
            del kept[docname]
    written.clear()  # the application may build again
    if changed:  # Sphinx pickled the environment before writing
        with open(os.path.join(app.doctreedir, ENV_PICKLE_FILENAME), "wb") as f:
            pickle.dump(env, f, pickle.HIGHEST_PROTOCOL)


def warn(subtype: str, message: str, location: Any, problem: Problem | None = None) -> None:
    """Log one ``apidocs`` warning.  A problem's own rule and place travel with the record
    (``apidocs_problem``), for the ``apicheck`` builder."""
    extra = {"apidocs_problem": problem} if problem is not None else {}
    logger.warning("%s", message, type="apidocs", subtype=subtype, location=location, extra=extra)


def internal(what: str, exc: BaseException, location: Any) -> None:
    """A bug of ours met while doing ``what`` (``"the spec x could not be bundled"``):
    a warning that asks for a report; the caller goes on without that output."""
    message = f"{what} ({type(exc).__name__}: {exc}); please report this"
    warn(Subtype.INTERNAL.value, message, location)


class OneLine(pylogging.Filter):
    """Formats each record of the extension's logger as :func:`log_line`: control
    characters escaped, no workflow command.  It runs after any other filter of the
    logger (``apicheck``'s rewrites the message), see :func:`add_filter`."""

    def filter(self, record: pylogging.LogRecord) -> bool:
        record.msg, record.args = log_line(record.getMessage()), ()
        return True


ONE_LINE = OneLine()


def add_filter(log_filter: pylogging.Filter) -> None:
    """Add a filter to the extension's logger, before :data:`ONE_LINE`."""
    filters = logger.logger.filters
    if log_filter not in filters:
        filters.insert(filters.index(ONE_LINE) if ONE_LINE in filters else len(filters), log_filter)


def remove_filter(log_filter: pylogging.Filter) -> None:
    logger.logger.removeFilter(log_filter)


def setup(app: Sphinx) -> None:
    logger.logger.addFilter(ONE_LINE)
    app.connect("env-purge-doc", purge_doc)
    app.connect("env-merge-info", merge_info)
    app.connect("env-updated", emit)
    app.connect("doctree-resolved", note_written)
    app.connect("build-finished", repeat_write_warnings)
