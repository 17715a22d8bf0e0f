"""A translated Markdown endpoint source over its original, section by section.

A translation (``users.de.md``, ``de/users.md``: one folder per language, as
FastMarkDocs keeps them) repeats what it translates and nothing else: each endpoint it
has takes the place of the original's, with the parameters, examples and code samples it
does not repeat taken from the original (a parameter by name, an example by kind and
status, a code sample by language); endpoints it does not have are the original's.  Any
other part it leaves out (the overview, the description, prose sub-sections, tags) is
the original's too.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import fields
from typing import Any, TypeVar

from ..spec.paths import template_key
from .parse import EndpointDoc, MarkdownSource, ParameterDoc

T = TypeVar("T")


def overlay(original: MarkdownSource, translation: MarkdownSource) -> MarkdownSource:
    """``translation`` over ``original``: still the original's file (each endpoint names
    its own), with the problems of both."""
    theirs = {template_key(e.method, e.path): e for e in translation.endpoints}
    endpoints = []
    for endpoint in original.endpoints:
        translated = theirs.pop(template_key(endpoint.method, endpoint.path), None)
        endpoints.append(endpoint if translated is None else _endpoint(endpoint, translated))
    endpoints += theirs.values()  # sections only the translation has
    merged = _either(original, translation)
    merged.update(
        file=original.file,
        front_matter={**original.front_matter, **translation.front_matter},
        endpoints=tuple(endpoints),
        problems=original.problems + translation.problems,
    )
    return MarkdownSource(**merged)


def _either(original: Any, translation: Any) -> dict[str, Any]:
    """Each field of the dataclass: the translation's, where it has one (not empty)."""
    return {
        f.name: getattr(translation, f.name) or getattr(original, f.name) for f in fields(original)
    }


def _endpoint(original: EndpointDoc, translation: EndpointDoc) -> EndpointDoc:
    merged = _either(original, translation)
    merged.update(
        parameters=_by(original.parameters, translation.parameters, lambda p: p.name, _parameter),
        examples=_by(original.examples, translation.examples, lambda e: (e.kind, e.status)),
        code_samples=_by(
            original.code_samples, translation.code_samples, lambda s: s.language.lower()
        ),
    )
    return EndpointDoc(**merged)


def _parameter(original: ParameterDoc, translation: ParameterDoc) -> ParameterDoc:
    """A translated parameter item; the type and whether it is required, where it does not
    say, from the original."""
    merged = _either(original, translation)
    merged["required"] = original.required if translation.required is None else translation.required
    return ParameterDoc(**merged)


def _by(
    original: Iterable[T],
    translation: Iterable[T],
    key: Callable[[T], Hashable],
    combine: Callable[[T, T], T] | None = None,
) -> tuple[T, ...]:
    """The original's items in their order, each replaced by the translation's items of
    the same ``key`` (``combine``: merged with the first of them), then the translation's
    items of keys the original does not have."""
    translated: dict[Hashable, list[T]] = {}
    for item in translation:
        translated.setdefault(key(item), []).append(item)
    out: list[T] = []
    replaced = set()
    for item in original:
        name = key(item)
        found = translated.pop(name, None)
        if found is None:
            if name not in replaced:  # replaced with the first original of its key
                out.append(item)
        elif combine is not None:
            out += [combine(item, found[0]), *found[1:]]
        else:
            out += found
        if found is not None:
            replaced.add(name)
    return tuple(out) + tuple(i for items in translated.values() for i in items)
