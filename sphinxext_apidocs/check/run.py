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
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..render.audit import DescriptionAudit
from ..samples.validate import SpecValidator
from ..spec.loader import LoadedDocument
from ..spec.model import ApiSpec
from ..spec.problems import Problem
from ..spec.prose import prose
from .anchors import AnchorLink, links_in_spec_text
from .examples import check_code_sample_languages, check_examples, check_samples
from .policy import Ignore, ignores_in
from .spec_rules import check_spec


@dataclass
class SpecChecks:
    """What the spec-only rules found in one spec."""

    problems: list[Problem] = field(default_factory=list)
    """Every finding; ``component-unused`` as if no page rendered a schema."""
    links: list[AnchorLink] = field(default_factory=list)
    ignores: list[Ignore] = field(default_factory=list)


PARTS = ("structure", "examples", "samples")
"""The parts of the work, each about a third on large specs: each runs in its own child
(three children and the reading share the cores evenly, so that they end together)."""


def spec_checks(
    spec: ApiSpec,
    documents: Mapping[str, LoadedDocument],
    root: str,
    parts: tuple[str, ...] = PARTS,
) -> SpecChecks:
    out = SpecChecks()
    if "structure" in parts:
        out.problems += check_spec(spec, documents)
        texts = {file: list(prose(document.data)) for file, document in documents.items()}
        audit = DescriptionAudit()  # what the sanitizer removes from spec text
        for file, document in documents.items():
            out.problems += audit(file, document, texts[file])
        out.problems += check_code_sample_languages(spec, documents)
        out.links = links_in_spec_text(documents, texts)
        out.ignores = [i for file, doc in documents.items() for i in ignores_in(file, doc.data)]
    if "examples" in parts or "samples" in parts:
        validator = SpecValidator(spec, root, tuple(documents), documents=documents)
        if "examples" in parts:
            out.problems += check_examples(spec, validator, documents)
        if "samples" in parts:
            out.problems += check_samples(spec, validator, documents)
    return out


class Background:
    """:func:`spec_checks` in forked children, one per part; :meth:`result` waits for them."""

    def __init__(
        self,
        spec: ApiSpec,
        documents: Mapping[str, LoadedDocument],
        root: str,
        *,
        fork: bool = True,
    ) -> None:
        self.spec = spec
        self._args = (spec, documents, root)
        self._children: list[tuple[str, Any, Any]] = []
        if not fork or sys.platform != "linux":  # fork: safe and usual here (as Sphinx's -j)
            return
        context = multiprocessing.get_context("fork")
        for part in PARTS:
            receive, send = context.Pipe(duplex=False)
            args = (send, part, spec, documents, root)
            process = context.Process(target=_child, args=args, daemon=True)
            process.start()
            send.close()
            self._children.append((part, process, receive))

    def result(self) -> SpecChecks:
        """The checks' result.  The part of a child that died (killed, out of memory) is
        run here instead; an exception in a child is raised here as :class:`ChildError`,
        with the child's traceback."""
        if not self._children:
            return spec_checks(*self._args)
        out = SpecChecks()
        received = []
        try:
            for part, _process, receive in self._children:
                try:
                    status, value = receive.recv()
                except (EOFError, OSError):
                    status, value = "died", None
                received.append((part, status, value))
        finally:
            self.close()
        for part, status, value in received:
            if status == "error":
                raise ChildError(value)
            if status != "ok":
                value = spec_checks(*self._args, parts=(part,))
            out.problems += value.problems
            out.links += value.links
            out.ignores += value.ignores
        return out

    def close(self) -> None:
        """End the children (also those not read from: a build that failed) and close the
        pipes; idempotent."""
        for _part, process, receive in self._children:
            receive.close()
            if process.is_alive():
                process.terminate()
            process.join(timeout=5)
        self._children = []


class ChildError(Exception):
    """The checks failed in the child; the message is its traceback."""


def _child(
    send: Any, part: str, spec: ApiSpec, documents: Mapping[str, LoadedDocument], root: str
) -> None:
    gc.disable()  # it ends when its part is done: collecting its garbage is wasted time
    try:
        send.send(("ok", spec_checks(spec, documents, root, (part,))))
    except BaseException:
        send.send(("error", traceback.format_exc(limit=5)))
    finally:
        send.close()
        os._exit(0)  # no atexit handlers or buffers of the parent's
