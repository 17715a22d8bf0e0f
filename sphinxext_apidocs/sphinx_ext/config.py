"""Every ``apidocs_*`` configuration value, declared once.

The same declarations register the values with Sphinx, validate them at
``config-inited`` (a wrong value warns and falls back to the default) and
render the configuration reference in the docs.
"""

from __future__ import annotations

import os
import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from ..diagnostics import suggest
from ..diagnostics.rules import RULES, SEVERITIES
from ..diagnostics.subtypes import Subtype
from ..render.page_tree import KEYS, SPLITS, PagesSettings, settings
from ..samples.code import BUILTIN
from .discovery import GENERAL_DOCS, markdown_files, template_dir

logger = logging.getLogger("sphinxext_apidocs")

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


def _optional_languages(value: Any) -> str | None:
    if value is not None and _str_list(value):
        return "a list of language ids or None"
    return None


def _positive_int(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return "a positive integer"
    return None


def _optional_str(value: Any) -> str | None:
    if value is not None and not isinstance(value, str):
        return "a string or None"
    return None


def _check_rules(value: Any) -> str | None:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and v in (*SEVERITIES, "off") for k, v in value.items()
    ):
        return "a dict of rule id -> 'error', 'warning', 'note' or 'off'"
    return None


def _fail_on(value: Any) -> str | None:
    if value not in (*SEVERITIES, "never"):
        return "'error', 'warning', 'note' or 'never'"
    return None


def _sample_properties(value: Any) -> str | None:
    if value not in ("minimal", "all"):
        return "'minimal' or 'all'"
    return None


def _bool(value: Any) -> str | None:
    if not isinstance(value, bool):
        return "True or False"
    return None


def _schema_expansion(value: Any) -> str | None:
    if value not in ("link", "inline"):
        return "'link' or 'inline'"
    return None


def _history(value: Any) -> str | None:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and not _str_list(v) for k, v in value.items()
    ):
        return "a dict of spec name -> list of paths or 'git:REV:PATH' strings"
    return None


def _pages(value: Any) -> str | None:
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        return "a dict of spec name -> settings"
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
        "apidocs_link_base",
        None,
        _optional_str,
        "The site that links in spec text starting with ``/`` are on, e.g. "
        '``"https://stripe.com"``: ``/docs/api`` becomes ``https://stripe.com/docs/api``. '
        "Without it they are kept as written and ``apicheck`` reports each "
        "(``link-root-relative``).",
    ),
    Option(
        "apidocs_sample_languages",
        ["curl", "python", "javascript"],
        _languages,
        "Which code samples to generate, in tab order. Ids: "
        + ", ".join(f"``{x}``" for x in SAMPLE_LANGUAGES)
        + ", and those of the templates in ``apidocs_sample_templates``.",
    ),
    Option(
        "apidocs_latex_sample_languages",
        None,
        _optional_languages,
        "Which code samples the PDF (LaTeX output) keeps, hand-written ones included: a list "
        "of language ids; ``[]`` keeps none. ``None``: the first language of each block, the "
        "tab the HTML shows first.",
        "",
    ),
    Option(
        "apidocs_sample_templates",
        None,
        _optional_str,
        "Folder (relative to the directory of ``conf.py``) of Jinja2 templates "
        "``<language>.j2`` that override or add code sample languages.",
    ),
    Option(
        "apidocs_allow_remote_refs",
        False,
        _bool,
        "Fetch ``http(s)://`` ``$ref`` documents (10 s timeout, ``apidocs_max_file_size`` cap, "
        "redirects only to http(s), cached in ``apidocs-remote`` in the doctree folder). Off: such "
        "a reference is a warning and no connection is made. Remote ``externalValue`` examples "
        "are fetched the same way when on, and are only linked when off.",
    ),
    Option(
        "apidocs_show_internal",
        False,
        _bool,
        "Show the operations and component schemas a spec marks ``x-internal: true``. Off: "
        "they are left out of every page, domain object, llms file and ``apicheck`` coverage "
        "figure (a public operation that uses an internal schema still shows its fields). "
        "See :ref:`internal`.",
    ),
    Option(
        "apidocs_schema_depth",
        5,
        _positive_int,
        "How many levels of nested properties a schema table expands before it shows the schema's name only.",
    ),
    Option(
        "apidocs_schema_expansion",
        "link",
        _schema_expansion,
        '``"link"``: each named component schema an ``api-spec`` shows is rendered once, in '
        "its *Schemas* section, and operations link to it; elsewhere, a schema documented "
        "anywhere in the project is a link too. The made-up example of a body that is such a "
        "schema is shown with it, and an example repeated on a page links to its first "
        'occurrence. ``"inline"``: every operation expands its named schemas in its own '
        "tables and shows its examples, and ``api-spec`` has no *Schemas* section.",
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
        "apidocs_sample_properties",
        "minimal",
        _sample_properties,
        "Which optional properties a request body made up from its schema holds: "
        "``'minimal'``, those the spec gives an example, default or const for (and what a "
        "discriminator or ``minProperties`` needs); ``'all'``, every one. Made-up responses "
        "always hold every property.",
    ),
    Option(
        "apidocs_diagrams",
        True,
        _bool,
        "Draw a sequence diagram (through sphinxcontrib-mermaid) in every rendered operation "
        "that has callbacks. ``api-diagram`` draws regardless.",
    ),
    Option(
        "apidocs_diagram_max_operations",
        40,
        _positive_int,
        "The most operations a diagram draws one by one. A larger overview draws one node "
        "per tag with its count; a larger links diagram stops there, and says so.",
    ),
    Option(
        "apidocs_check_rules",
        {},
        _check_rules,
        "``apicheck``: severities by rule id, overriding the defaults: ``'error'``, "
        "``'warning'``, ``'note'``, or ``'off'`` to disable a rule. An unknown rule id is a "
        "warning.",
        "",
    ),
    Option(
        "apidocs_check_fail_on",
        "error",
        _fail_on,
        "``apicheck`` exits with status 1 when a finding of this severity or a more severe one "
        "remains (``'never'``: only reports).",
        "",
    ),
    Option(
        "apidocs_check_baseline",
        None,
        _optional_str,
        "``apicheck``: a baseline file (relative to the directory of ``conf.py``) of findings "
        "accepted for now, by rule and fingerprint; each build writes the current one to "
        "``apicheck.baseline.json`` in the output folder.",
        "",
    ),
    Option(
        "apidocs_pages",
        {},
        _pages,
        "Generate a whole page tree per spec: ``{name: settings}``, ``name`` a key of "
        "``apidocs_specs``; the settings (a dict, every key optional): "
        + ", ".join(f"``{k!r}``" for k in KEYS)
        + ". ``dir``: the folder in the source folder (default ``api/<name>``); ``split``: "
        + ", ".join(f"``{s!r}``" for s in SPLITS)
        + " (one page per tag, per path segment, or per operation); ``schemas``: "
        "``False`` leaves out the schema pages; ``title``: the index page's title (default: "
        "the spec's). See :doc:`pages`.",
    ),
    Option(
        "apidocs_spec_history",
        {},
        _history,
        "Earlier versions of a spec of ``apidocs_specs``, oldest first: ``{name: [entry, "
        "...]}``; an entry is a path relative to the configuration directory, or "
        "``git:REV:PATH``, the file ``PATH`` (relative to the configuration directory) at "
        "revision ``REV`` of the project's own git repository. Each version is labelled by its "
        "``info.version``. They feed ``api-changelog``, the *New in* badges and ``apicheck``'s "
        "``breaking-change`` rule. See :doc:`changelog-api`.",
    ),
    Option(
        "apidocs_change_badges",
        True,
        _bool,
        "Operations and schema fields of a spec with an ``apidocs_spec_history`` show in "
        "which version they came (*New in 1.3.0*) and last changed (*Changed in 1.4.0*). "
        "``False``: no badges.",
    ),
    Option(
        "apidocs_llms_txt",
        True,
        _bool,
        "HTML builders also write output for tools and LLMs: ``llms.txt`` and "
        "``llms-full.txt`` at the root, and one Markdown file per rendered operation (and "
        "per named schema they use) under ``_apidocs/<spec>/``. See :doc:`llms`.",
        "",
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
    app.connect("builder-inited", log_warnings)


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
    """Check every value; a wrong one warns and falls back to its default.

    ``apidocs_sample_templates`` is checked before ``apidocs_sample_languages``
    (which names its templates); an unknown language is left out of the list
    rather than the whole list replaced.
    """
    order = sorted(OPTIONS, key=lambda o: o.name == "apidocs_sample_languages")
    for option in order:
        value = getattr(config, option.name)
        problem = option.check(value)
        if problem is None and option.name == "apidocs_sample_templates" and value:
            problem = _template_folder_problem(value, str(app.confdir))
        if problem is None and option.name == "apidocs_markdown":
            _warn_unmatched_markdown(app, config, value)
        if problem is None and option.name == "apidocs_check_rules":
            _warn_unknown_rules(app, value)
        if problem is None and option.name == "apidocs_pages":
            _drop_bad_pages(app, config, value)
        if problem is None and option.name == "apidocs_spec_history":
            _drop_unknown_history(app, config, value)
        if problem is None and option.name == "apidocs_sample_languages":
            _drop_unknown_languages(app, config, value)
            continue
        if problem is not None:
            fallback = (
                "ignored" if option.default is None else f"using the default {option.default!r}"
            )
            warn_config(app, option.name, f"{option.name} must be {problem}; {fallback}")
            setattr(config, option.name, option.default)


def _warn_unknown_rules(app: Sphinx, value: dict[str, str]) -> None:
    for rule in value:
        if rule not in RULES:
            warn_config(
                app,
                "apidocs_check_rules",
                f"apidocs_check_rules: unknown rule {rule!r}{suggest.aside(rule, RULES)}; ignored",
            )
        elif RULES[rule].fixed and value[rule] != RULES[rule].severity:
            warn_config(
                app,
                "apidocs_check_rules",
                f"apidocs_check_rules: {rule!r} reports a broken setup and keeps its "
                "severity; ignored",
            )


#: configuration warnings waiting for the builder (see :func:`log_warnings`)
_PENDING: weakref.WeakKeyDictionary[Sphinx, list[tuple[str | None, str, Subtype]]] = (
    weakref.WeakKeyDictionary()
)


def warn_config(app: Sphinx, name: str, message: str, subtype: Subtype = Subtype.CONFIG) -> None:
    """A warning about option ``name``, located at its line in conf.py."""
    _PENDING.setdefault(app, []).append((_conf_location(app, name), message, subtype))
    if getattr(app, "builder", None) is not None:  # after start-up: at once
        log_warnings(app)


def log_warnings(app: Sphinx) -> None:
    """``builder-inited``: log the configuration warnings.  They wait for the builder so
    that ``apicheck`` (whose filter is set up by then) reports them as findings."""
    for location, message, subtype in _PENDING.pop(app, []):
        logger.warning(message, type="apidocs", subtype=subtype.value, location=location)


def _template_folder_problem(folder: str, confdir: str) -> str | None:
    path = (Path(confdir) / folder).resolve()
    if not path.is_relative_to(Path(confdir).resolve()):
        return f"a folder inside the project ({folder!r} is outside it)"
    if not path.is_dir():
        return f"a folder relative to the directory of conf.py ({path} does not exist)"
    return None


def known_languages(config: Config, confdir: str) -> list[str]:
    """Built-in language ids, then those the template folder adds."""

    folder = template_dir(config.apidocs_sample_templates, confdir)
    added = sorted(p.stem for p in Path(folder).glob("*.j2")) if folder else []
    return [*SAMPLE_LANGUAGES, *(name for name in added if name not in SAMPLE_LANGUAGES)]


def _drop_unknown_languages(app: Sphinx, config: Config, value: list[str]) -> None:
    known = known_languages(config, str(app.confdir))
    unknown = [v for v in value if v not in known]
    if not unknown:
        return
    hints = []
    for name in unknown:
        hints.append(f"{name!r}{suggest.aside(name, known)}")
    warn_config(
        app,
        "apidocs_sample_languages",
        "apidocs_sample_languages: no built-in language or template for "
        + ", ".join(hints)
        + "; left out. Known: "
        + ", ".join(known),
    )
    config.apidocs_sample_languages = [v for v in value if v in known]


def _drop_bad_pages(app: Sphinx, config: Config, value: dict[str, Any]) -> None:
    """Leave out the ``apidocs_pages`` entries with wrong settings, or for a spec that
    ``apidocs_specs`` does not name, or whose folders overlap another's."""
    kept: dict[str, Any] = {}
    folders: list[str] = []
    for name, entry in value.items():
        found = settings(name, entry)
        problem = found if isinstance(found, str) else None
        if isinstance(found, PagesSettings):
            if name not in config.apidocs_specs:
                problem = f"{name!r} is not a spec of apidocs_specs{suggest.aside(name, config.apidocs_specs)}"
            elif any(_nested(found.dir, other) for other in folders):
                problem = f"'dir': {found.dir!r} overlaps the folder of another spec's pages"
            else:
                folders.append(found.dir)
                kept[name] = entry
                continue
        warn_config(app, "apidocs_pages", f"apidocs_pages[{name!r}]: {problem}; left out")
    if len(kept) != len(value):
        config.apidocs_pages = kept


def _drop_unknown_history(app: Sphinx, config: Config, value: dict[str, list[str]]) -> None:
    """Leave out the history of a spec that ``apidocs_specs`` does not name."""
    unknown = [name for name in value if name not in config.apidocs_specs]
    for name in unknown:
        warn_config(
            app,
            "apidocs_spec_history",
            f"apidocs_spec_history: {name!r} is not a spec of apidocs_specs"
            f"{suggest.aside(name, config.apidocs_specs)}; left out",
        )
    if unknown:
        config.apidocs_spec_history = {k: v for k, v in value.items() if k not in unknown}


def _nested(one: str, other: str) -> bool:
    return one == other or one.startswith(other + "/") or other.startswith(one + "/")


def _warn_unmatched_markdown(app: Sphinx, config: Config, patterns: list[str]) -> None:
    """An ``apidocs_markdown`` entry that finds no Markdown file in the project, or finds
    folders or files it cannot read."""

    for pattern in patterns:
        general = os.path.isfile(os.path.join(app.confdir, pattern, GENERAL_DOCS))
        unreadable: list[str] = []
        found = markdown_files([pattern], str(app.confdir), config.language, unreadable)
        for path in unreadable:
            warn_config(
                app,
                "apidocs_markdown",
                f"apidocs_markdown: {path} cannot be read; its Markdown sources are left out",
            )
        if not general and not found and not unreadable:
            warn_config(
                app,
                "apidocs_markdown",
                f"apidocs_markdown: {pattern!r} finds no Markdown file inside the project",
            )
