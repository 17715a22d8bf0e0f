"""The "Code samples" block of an operation: generated and hand-written samples.

Format-neutral: one ``apidocs-code-samples`` container holding, per sample,
an ``apidocs-code-sample`` container with a label and a literal block.  Read
one after the other they are labelled blocks (LaTeX, text, epub); the HTML
builders turn them into tabs (:class:`..transforms.CodeSampleTabs`).

Hand-written samples (``x-codeSamples`` / ``x-code-samples``) take the place
of the generated sample of their language; several per language are kept;
those in a language not selected are shown after the generated ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jinja2
from docutils import nodes

from ..samples.code import BUILTIN, SAMPLE_LANGUAGE_ALIASES, CodeSamples
from ..samples.request import build_request
from ..spec.model import Operation
from .lexers import lexer_name


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
    for key in ("x-codeSamples", "x-code-samples"):
        value = op.extension(key)
        if not isinstance(value, list):
            continue
        for item in value:
            if not isinstance(item, dict) or not isinstance(item.get("source"), str):
                continue
            lang = str(item.get("lang") or "text")
            language = SAMPLE_LANGUAGE_ALIASES.get(lang.strip().lower(), lang)
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
) -> tuple[list[CodeSample], list[str]]:
    """The samples to show, in tab order, and the errors of templates that failed."""
    written = hand_written(op)
    by_language: dict[str, list[CodeSample]] = {}
    for item in written:
        by_language.setdefault(item.language, []).append(item)
    out: list[CodeSample] = []
    errors: list[str] = []
    request = None
    for language_id in languages:
        if language_id in by_language:
            out.extend(by_language.pop(language_id))
            continue
        language = renderer.language(language_id) if renderer else None
        if renderer is None or language is None or op.kind != "path":
            continue
        if request is None:
            request = build_request(spec, op, base_url, max_chars)
        try:
            code = renderer.render(language_id, request, op)
        except jinja2.TemplateError as exc:
            line = getattr(exc, "lineno", None)
            where = f" (line {line})" if line else ""
            errors.append(f"code sample template {language_id}.j2 failed{where}: {exc}")
            continue
        out.append(CodeSample(language_id, language.label, language.lexer, code))
    for rest in by_language.values():
        out.extend(rest)
    return out, errors


def code_samples_nodes(samples: list[CodeSample]) -> list[nodes.Node]:
    if not samples:
        return []
    box = nodes.container(classes=["apidocs-code-samples"])
    for item in samples:
        panel = nodes.container(classes=["apidocs-code-sample"], language=item.language)
        label = nodes.paragraph(classes=["apidocs-code-sample-label"])
        label += nodes.strong("", item.label)
        panel += label
        block = nodes.literal_block(item.code, item.code, classes=["apidocs-code"])
        block["language"] = item.lexer
        panel += block
        box += panel
    title = nodes.rubric("Code samples", "Code samples")
    return [title, box]
