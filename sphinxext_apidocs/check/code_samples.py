"""The ``code-sample-language`` rule: the languages of hand-written code samples are ones
highlighting knows (pure Python, no Sphinx)."""

from __future__ import annotations

from functools import lru_cache

from pygments.lexers import get_lexer_by_name  # type: ignore[import-untyped]
from pygments.util import ClassNotFound  # type: ignore[import-untyped]

from ..diagnostics.problems import Problem
from ..diagnostics.rules import CODE_SAMPLE_LANGUAGE
from ..spec import code_samples
from ..spec.model import ApiSpec
from .spec_schemas import operations
from .value_findings import Documents, problem

#: ``lang`` values of hand-written samples that are fine though Pygments has no such name
KNOWN_LANGUAGES = frozenset(
    {
        *("curl", "shell", "sh", "bash", "cli", "azurecli", "azure-cli", "httpie", "http"),
        *("c#", "csharp", "node", "node.js", "nodejs", "javascript", "js", "typescript", "ts"),
        *("python", "python3", "py", "go", "golang", "java", "kotlin", "php", "ruby", "rust"),
        *("swift", "objective-c", "objc", "c", "c++", "cpp", "scala", "perl", "powershell"),
        *("dart", "elixir", "groovy", "coffeescript", "r", "clojure", "text", "plaintext"),
    }
)


def check_code_sample_languages(spec: ApiSpec, documents: Documents) -> list[Problem]:
    """``code-sample-language``: an ``x-codeSamples`` / ``x-code-samples`` entry (one the
    renderer shows: with a ``source``) without a ``lang``, or with one that highlighting does
    not know (shown as plain text)."""
    out: list[Problem] = []
    for op in operations(spec):
        for key, i, entry in code_samples.entries(op):
            if not code_samples.is_shown(entry):  # as the renderer: not shown, not checked
                continue
            at = op.location.child(key, i, "lang")
            lang = entry.get("lang")
            if lang is None or (isinstance(lang, str) and not lang.strip()):
                message = f"{key} entry {i} of {op.title} has no 'lang'"
            elif not isinstance(lang, str):
                message = f"{key} entry {i} of {op.title}: 'lang' is not a string"
            elif not known_language(lang):
                message = (
                    f"{key} entry {i} of {op.title}: unknown language {lang!r} "
                    "(shown without highlighting)"
                )
            else:
                continue
            out.append(problem(message, at, CODE_SAMPLE_LANGUAGE, documents))
    return out


@lru_cache(maxsize=512)
def known_language(lang: str) -> bool:
    """Whether highlighting knows ``lang`` (case-insensitive; Pygments' names and aliases,
    and the labels specs commonly use: ``cURL``, ``Node``, ``C#`` ...)."""
    name = lang.strip().lower()
    if name in KNOWN_LANGUAGES:
        return True
    try:
        get_lexer_by_name(name)
    except ClassNotFound:
        return False
    return True
