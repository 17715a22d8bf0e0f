"""The "Code samples" block of an operation: generated and hand-written samples.

Format-neutral: one ``apidocs-code-samples`` container holding, per sample,
an ``apidocs-code-sample`` container with a label and a literal block.  Read
one after the other they are labelled blocks (LaTeX, text, epub); the HTML
builders turn them into tabs (:class:`~sphinxext_apidocs.sphinx_ext.transforms.html.CodeSampleTabs`).

Hand-written samples (``x-codeSamples`` / ``x-code-samples``) take the place
of the generated sample of their language; several per language are kept;
those in a language not selected are shown after the generated ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import jinja2
from docutils import nodes

from ..diagnostics.subtypes import Subtype
from ..samples.code import BUILTIN, CodeSamples, TemplateRefused
from ..samples.payload import SampleProperties
from ..samples.request import build_request
from ..spec import code_samples
from ..spec.model import Operation
from .i18n import _
from .lexers import lexer_name
from .text_nodes import NOT_SEARCHED


@dataclass(frozen=True)
class CodeSample:
    language: str
    """Our language id (``curl``...), or the hand-written sample's ``lang``."""
    label: str
    lexer: str
    code: str
    generated: bool = True


class SampleError(Exception):
    """A template failed; the message names the language and why."""


def hand_written(op: Operation) -> list[CodeSample]:
    out = []
    for entry in code_samples.entries(op):
        item = entry.value
        if not code_samples.is_shown(item):
            continue
        lang = str(item.get("lang") or "text")
        language = code_samples.language_id(lang)
        builtin = BUILTIN.get(language)
        label = str(item.get("label") or (builtin.label if builtin else lang))
        lexer = builtin.lexer if builtin else lexer_name(lang)
        out.append(CodeSample(language, label, lexer, item["source"], generated=False))
    return out


def collect(
    renderer: CodeSamples | None,
    op: Operation,
    spec: Any,
    languages: tuple[str, ...],
    base_url: str | None,
    max_chars: int = 20000,
    properties: SampleProperties = "minimal",
) -> list[CodeSample]:
    """The samples to show, in tab order.  A template that fails is left out (it was
    reported while reading: :func:`template_errors`).  ``properties``: the optional
    properties of a made-up body (see :func:`.payload.sample`)."""
    written = hand_written(op)
    by_language: dict[str, list[CodeSample]] = {}
    for item in written:
        by_language.setdefault(item.language, []).append(item)
    out: list[CodeSample] = []
    request = None
    for language_id in languages:
        if language_id in by_language:
            out.extend(by_language.pop(language_id))
            continue
        language = renderer.language(language_id) if renderer else None
        if renderer is None or language is None or op.kind != "path":
            continue
        if request is None:
            request = build_request(spec, op, base_url, max_chars, properties)
        try:
            code = renderer.render(language_id, request, op)
        except jinja2.TemplateError:
            continue
        out.append(CodeSample(language_id, language.label, language.lexer, code))
    for rest in by_language.values():
        out.extend(rest)
    return out


def describe_error(language_id: str, exc: jinja2.TemplateError) -> str:
    """``code sample template go.j2, line 3: ...``: the line in the template, and the
    message without Python's names for our objects."""
    line = getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None and line is None:
        if tb.tb_frame.f_code.co_filename.endswith(f"{language_id}.j2"):
            line = tb.tb_lineno
        tb = tb.tb_next
    message = re.sub(r"'sphinxext_apidocs\.[\w.]+\.(\w+) object'", r"\1", exc.message or str(exc))
    where = f", line {line}" if line else ""
    return f"code sample template {language_id}.j2{where}: {message.rstrip('.')}"


def template_errors(
    renderer: CodeSamples,
    spec: Any,
    operations: list[Operation],
    languages: list[str],
    base_url: str | None,
    max_chars: int,
) -> list[tuple[Subtype, str]]:
    """The first error of each of ``languages`` over ``operations`` and its warning's
    subtype (a trial render, at read time, so that a broken template is reported on
    every build, -W included)."""
    errors: dict[str, tuple[Subtype, str]] = {}
    requests = {}
    for language_id in languages:
        for op in operations:
            if op.kind != "path":
                continue
            if id(op) not in requests:
                requests[id(op)] = build_request(spec, op, base_url, max_chars)
            try:
                renderer.render(language_id, requests[id(op)], op)
            except jinja2.TemplateError as exc:
                subtype = exc.subtype if isinstance(exc, TemplateRefused) else Subtype.TEMPLATE
                errors[language_id] = (subtype, describe_error(language_id, exc))
                break
    return list(errors.values())


def code_samples_nodes(samples: list[CodeSample]) -> list[nodes.Node]:
    if not samples:
        return []
    box = nodes.container(classes=["apidocs-code-samples"])
    for item in samples:
        panel = nodes.container(classes=["apidocs-code-sample"], language=item.language)
        label = nodes.paragraph(classes=["apidocs-code-sample-label"])
        label += nodes.strong("", item.label)
        panel += label
        block = nodes.literal_block(item.code, item.code, classes=["apidocs-code", NOT_SEARCHED])
        block["language"] = item.lexer
        panel += block
        box += panel
    title = nodes.rubric(
        _("Code samples"), _("Code samples"), classes=["apidocs-code-samples-title"]
    )
    return [title, box]
