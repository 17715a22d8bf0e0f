"""The rules that need only the loaded spec, run together -- beside the build where it can
(pure Python, no Sphinx).

A large spec takes seconds to check (examples and generated samples validated,
every path compared).  None of it depends on the pages, so :class:`Background`
runs it in a forked process while Sphinx reads the pages, and the builder judges
the page-dependent parts (which components a page renders, which anchors
exist) with the result at the end.  Where ``fork`` is not available, or the
child fails, the same function runs in the builder's process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, cast

from ..diagnostics.problems import Problem
from ..render.audit import DescriptionAudit
from ..spec.document import LoadedDocument
from ..spec.model import ApiSpec
from ..spec.prose import prose
from ..validation.validator import SpecValidator
from .anchors import SpecTextLink, links_in_spec_text
from .code_samples import check_code_sample_languages
from .examples import check_examples
from .policy import Ignore, ignores_in
from .sample_payloads import check_samples
from .spec_rules import check_spec


@dataclass
class SpecChecks:
    """What the spec-only rules found in one spec."""

    problems: list[Problem] = field(default_factory=list)
    """Every finding; ``component-unused`` as if no page rendered a schema."""
    links: list[SpecTextLink] = field(default_factory=list)
    ignores: list[Ignore] = field(default_factory=list)

    def __iadd__(self, other: SpecChecks) -> SpecChecks:
        self.problems += other.problems
        self.links += other.links
        self.ignores += other.ignores
        return self


class Part(StrEnum):
    """A part of the work, each about a third on large specs: each runs in its own child
    (three children and the reading share the cores evenly, so that they end together)."""

    STRUCTURE = "structure"
    EXAMPLES = "examples"
    SAMPLES = "samples"


def spec_checks(
    spec: ApiSpec,
    documents: Mapping[str, LoadedDocument],
    root: str,
    parts: tuple[Part, ...] = tuple(Part),
    texts_done: str | None = None,
) -> SpecChecks:
    """The rules of ``parts``; the structure part leaves out the :func:`text_checks` of
    the document ``texts_done`` (an :class:`EarlyTextChecks` did them)."""
    out = SpecChecks()
    if Part.STRUCTURE in parts:
        out.problems += check_spec(spec, documents)
        out.problems += check_code_sample_languages(spec, documents)
        out += text_checks({f: d for f, d in documents.items() if f != texts_done})
    if Part.EXAMPLES in parts or Part.SAMPLES in parts:
        validator = SpecValidator(spec, root, tuple(documents), documents=documents)
        if Part.EXAMPLES in parts:
            out.problems += check_examples(spec, validator, documents)
        if Part.SAMPLES in parts:
            out.problems += check_samples(spec, validator, documents)
    return out


def text_checks(documents: Mapping[str, LoadedDocument]) -> SpecChecks:
    """What needs a document's data alone: its prose (what the sanitizer removes, its
    ``#anchor`` links) and its ``x-apicheck-ignore``."""
    out = SpecChecks()
    texts = {file: list(prose(document.data)) for file, document in documents.items()}
    audit = DescriptionAudit()  # what the sanitizer removes from spec text
    for file, document in documents.items():
        out.problems += audit(file, document, texts[file])
    out.links = links_in_spec_text(documents, texts)
    out.ignores = [i for file, doc in documents.items() for i in ignores_in(file, doc.data)]
    return out


class EarlyTextChecks:
    """:func:`text_checks` of one document, in a forked child started as soon as the
    document is parsed (:func:`.load_spec`'s ``parsed`` hook): while the spec is
    normalised, which leaves the other cores idle."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.doc: LoadedDocument | None = None
        self._child: tuple[Any, Any] | None = None

    def start(self, file: str, doc: LoadedDocument) -> None:
        if file != self.file or self._child is not None or sys.platform != "linux":
            return
        self.doc = doc
        self._child = _fork(_text_child, file, doc)

    @property
    def started(self) -> bool:
        return self._child is not None

    def result(self) -> SpecChecks:
        """As :meth:`Background.result`, for this document."""
        assert self._child is not None and self.doc is not None
        status, value = _receive(*self._child)
        self.close()
        if status == "error":
            raise ChildError(value)
        return value if status == "ok" else text_checks({self.file: self.doc})

    def close(self) -> None:
        if self._child is not None:
            _end(*self._child)
            self._child = None


class Background:
    """:func:`spec_checks` in forked children, one per part; :meth:`result` waits for them."""

    def __init__(
        self,
        spec: ApiSpec,
        documents: Mapping[str, LoadedDocument],
        root: str,
        *,
        fork: bool = True,
        early: EarlyTextChecks | None = None,
    ) -> None:
        self.spec = spec
        self._early = early if early is not None and early.started else None
        done = self._early.file if self._early is not None else None
        self._args = (spec, documents, root)
        self._children: list[tuple[Part, Any, Any]] = []
        if not fork or sys.platform != "linux":  # fork: safe and usual here (as Sphinx's -j)
            return
        for part in Part:
            child = _fork(_child, part, spec, documents, root, done)
            if child is None:  # no process to be had: everything runs here
                for _part, process, receive in self._children:
                    _end(process, receive)
                self._children = []
                return
            self._children.append((part, *child))

    def result(self) -> SpecChecks:
        """The checks' result.  The part of a child that died (killed, out of memory) is
        run here instead; an exception in a child is raised here as :class:`ChildError`,
        with the child's traceback."""
        done = self._early.file if self._early is not None else None
        try:
            out = self._early.result() if self._early is not None else SpecChecks()
            if not self._children:
                out += spec_checks(*self._args, texts_done=done)
                return out
            received = [(part, *_receive(p, r)) for part, p, r in self._children]
        finally:
            self.close()
        for part, status, value in received:
            if status == "error":
                raise ChildError(value)
            out += value if status == "ok" else spec_checks(*self._args, (part,), done)
        return out

    def close(self) -> None:
        """End the children (also those not read from: a build that failed) and close the
        pipes; idempotent."""
        if self._early is not None:
            self._early.close()
        for _part, process, receive in self._children:
            _end(process, receive)
        self._children = []


def _fork(target: Callable[..., None], *args: Any) -> tuple[Any, Any] | None:
    """A child process running ``target(send, *args)``, and the end of the pipe its reply
    comes on; None when no process can be made (then the work is done here)."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=target, args=(send, *args), daemon=True)
    try:
        process.start()
    except OSError:  # out of processes or memory
        receive.close()
        return None
    finally:
        send.close()
    return process, receive


def _receive(process: Any, receive: Any) -> tuple[str, Any]:
    """A child's ("ok", result) or ("error", traceback); ("died", None) if it died."""
    try:
        return cast(tuple[str, Any], receive.recv())
    except (EOFError, OSError):
        return "died", None


def _end(process: Any, receive: Any) -> None:
    receive.close()
    if process.is_alive():
        process.terminate()
    process.join(timeout=5)


class ChildError(Exception):
    """The checks failed in the child; the message is its traceback."""


def _child(
    send: Any,
    part: Part,
    spec: ApiSpec,
    documents: Mapping[str, LoadedDocument],
    root: str,
    texts_done: str | None,
) -> None:
    _reply(send, lambda: spec_checks(spec, documents, root, (part,), texts_done))


def _text_child(send: Any, file: str, doc: LoadedDocument) -> None:
    _reply(send, lambda: text_checks({file: doc}))


def _reply(send: Any, work: Callable[[], SpecChecks]) -> None:
    """In a child: send ``work()``'s result, or the traceback of its exception; exit."""
    gc.disable()  # it ends when its work is done: collecting its garbage is wasted time
    try:
        send.send(("ok", work()))
    except BaseException:
        send.send(("error", traceback.format_exc(limit=5)))
    finally:
        send.close()
        os._exit(0)  # no atexit handlers or buffers of the parent's
