"""Every ``apidocs_*`` configuration value, declared once.

The same declarations register the values with Sphinx, validate them at
``config-inited`` (a wrong value warns and falls back to the default) and
render the configuration reference in the docs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from .samples.code import BUILTIN
from .spec.subtypes import Subtype

logger = logging.getLogger(__name__)

SAMPLE_LANGUAGES = tuple(BUILTIN)


def _str_dict(value: Any) -> str | None:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        return "a dict of name -> path strings"
    return None


def _str_list(value: Any) -> str | None:
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        return "a list of strings"
    return None


def _languages(value: Any) -> str | None:
    if _str_list(value):
        return "a list of language ids"
    return None


def _positive_int(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return "a positive integer"
    return None


def _optional_str(value: Any) -> str | None:
    if value is not None and not isinstance(value, str):
        return "a string or None"
    return None


def _bool(value: Any) -> str | None:
    if not isinstance(value, bool):
        return "True or False"
    return None


@dataclass(frozen=True)
class Option:
    name: str
    default: Any
    check: Callable[[Any], str | None]
    doc: str
    rebuild: Literal["env", "html", ""] = "env"


OPTIONS: tuple[Option, ...] = (
    Option(
        "apidocs_specs",
        {},
        _str_dict,
        "OpenAPI documents by name: ``{name: path}``, paths relative to the configuration directory. "
        "Directives refer to a spec by this name.",
    ),
    Option(
        "apidocs_markdown",
        [],
        _str_list,
        "Folders or globs of Markdown endpoint sources merged into matching operations.",
    ),
    Option(
        "apidocs_base_url",
        None,
        _optional_str,
        "Base URL used in code samples; by default the spec's first server.",
    ),
    Option(
        "apidocs_sample_languages",
        ["curl", "python", "javascript"],
        _languages,
        "Which code samples to generate, in tab order. Ids: "
        + ", ".join(f"``{x}``" for x in SAMPLE_LANGUAGES)
        + ".",
    ),
    Option(
        "apidocs_sample_templates",
        None,
        _optional_str,
        "Folder of Jinja2 templates ``<language>.j2`` that override or add code sample languages.",
    ),
    Option(
        "apidocs_allow_remote_refs",
        False,
        _bool,
        "Reserved for fetching ``http(s)://`` references; fetching is not implemented yet, so such a "
        "reference is always a warning and nothing is fetched.",
    ),
    Option(
        "apidocs_schema_depth",
        5,
        _positive_int,
        "How many levels of nested properties a schema table expands before it shows the schema's name only.",
    ),
    Option(
        "apidocs_operation_budget",
        400,
        _positive_int,
        "The most schema rows one operation renders; past it, the rest is counted in a note. "
        "Keeps pages small on specs whose references fan out.",
    ),
    Option(
        "apidocs_example_max_chars",
        20000,
        _positive_int,
        "Examples longer than this many characters are cut, with a note saying how much was left out.",
    ),
    Option(
        "apidocs_max_file_size",
        50 * 1024 * 1024,
        _positive_int,
        "Spec files larger than this many bytes are refused before parsing.",
    ),
)


def register(app: Sphinx) -> None:
    for option in OPTIONS:
        app.add_config_value(option.name, option.default, option.rebuild)
    app.connect("config-inited", validate)


def _conf_location(app: Sphinx, name: str) -> str | None:
    """``conf.py:LINE`` of the assignment to ``name`` (line 1 when not found)."""
    if not app.confdir:
        return None
    path = Path(app.confdir, "conf.py")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return f"{path}:1"
    pattern = re.compile(rf"^\s*{re.escape(name)}\s*=")
    line = next((i for i, text in enumerate(lines, 1) if pattern.match(text)), 1)
    return f"{path}:{line}"


def validate(app: Sphinx, config: Config) -> None:
    """Check every value; a wrong one warns and falls back to its default."""
    from .store import template_dir  # store imports the renderer, which needs no config

    for option in OPTIONS:
        value = getattr(config, option.name)
        problem = option.check(value)
        if (
            problem is None
            and option.name == "apidocs_sample_templates"
            and value
            and template_dir(value, str(app.confdir)) is None
        ):
            problem = "a folder inside the project (not found or outside: " + value + ")"
        if problem is None and option.name == "apidocs_sample_languages":
            folder = template_dir(config.apidocs_sample_templates, str(app.confdir))
            unknown = [
                v
                for v in value
                if v not in SAMPLE_LANGUAGES and not (folder and Path(folder, f"{v}.j2").is_file())
            ]
            if unknown:
                problem = "language ids with a template (unknown: " + ", ".join(unknown) + ")"
        if problem is not None:
            logger.warning(
                "%s must be %s; using the default %r",
                option.name,
                problem,
                option.default,
                type="apidocs",
                subtype=Subtype.CONFIG.value,
                location=_conf_location(app, option.name),
            )
            setattr(config, option.name, option.default)
