"""Spec prose in the page's language, the way Sphinx translates a page's paragraphs.

Spec content is rendered after Sphinx's ``Locale`` transform (see :mod:`.deferred`), so
its text never meets it.  Instead each spec text (a summary, a description) is one
message of the catalogue of the page that renders it (Sphinx's ``docname_to_domain``):
looked up in the project's ``locale_dirs`` for ``language`` as it is rendered, and
handed to the ``gettext`` builder's catalogue of that page when the page is written
(:func:`collect_messages`), placed at the spec file and line that hold it.
"""

from __future__ import annotations

import gettext
import io
import os
from collections.abc import Callable

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.gettext import I18nBuilder, MsgOrigin
from sphinx.environment import BuildEnvironment
from sphinx.util.i18n import docname_to_domain

from ..check.translations import prose_texts
from ..render.description import markdown_to_nodes
from ..spec.files import read_project_file
from . import state, warning
from .spec_cache import LoadedSpec

MESSAGES = "apidocs_messages"
"""Attribute of a document: the spec texts it renders, as ``(text, file, line)``
(only while the ``gettext`` builder runs)."""


def prose_translator(
    env: BuildEnvironment, document: nodes.document, loaded: LoadedSpec
) -> Callable[[str], str]:
    """The function that gives a text of the spec ``loaded`` in the language of the
    page ``document`` (the text itself where the catalogue has no translation)."""
    domain = docname_to_domain(env.docname, env.config.gettext_compact)
    catalogue = _catalogue(env, domain)
    collecting = isinstance(state.builder(env), I18nBuilder)
    checked: set[str] = set()
    docname = env.docname

    def audit(message: str, translated: str) -> None:
        """A translation is spec text too: what its sanitizing removes is said, once."""
        if message in checked:
            return
        checked.add(message)
        short = message if len(message) <= 60 else message[:57] + "..."
        where = f"the translation of {short!r} (catalogue {domain!r})"
        markdown_to_nodes(
            translated,
            report=lambda subtype, text: warning.warn(subtype, f"{where}: {text}", docname),
        )

    def translate(text: str) -> str:
        message = text.strip()
        if collecting:
            file, line = _places(env, loaded).get(message, (loaded.path, 0))
            messages: list[tuple[str, str, int]] = document.setdefault(MESSAGES, [])
            messages.append((message, file, line))
        if catalogue is None:
            return text
        translated = catalogue.gettext(message)
        if translated == message:
            return text
        audit(message, translated)
        return translated

    return translate


def _places(env: BuildEnvironment, loaded: LoadedSpec) -> dict[str, tuple[str, int]]:
    """Where each text of the spec's prose is first written: its file and line (made
    once per parsed spec)."""
    places: dict[str, tuple[str, int]] = loaded.render_memo.setdefault("prose_places", {})
    if not places:
        root = state.state(env).root
        for name, document in loaded.documents.items():
            for text, pointer in prose_texts(document.data):
                line = document.line_of(pointer) or 0
                places.setdefault(text, (os.path.join(root, name), line))
    return places


def _catalogue(env: BuildEnvironment, domain: str) -> gettext.NullTranslations | None:
    """The project's compiled catalogues of ``domain`` for ``language`` (Sphinx compiles
    ``locale_dirs``' ``.po`` files and makes each page depend on its ``.mo``), read once
    per build; None: there is none."""
    language = env.config.language
    if not language:
        return None
    build = state.state(env)
    known = build.catalogues
    if domain not in known:
        found: gettext.NullTranslations | None = None
        for folder in env.config.locale_dirs:
            localedir = os.path.join(env.srcdir, folder)
            for mo in gettext.find(domain, localedir, [language], all=True):
                try:  # never a file outside the project; a broken one is Sphinx's to report
                    content = read_project_file(mo, build.root, env.config.apidocs_max_file_size)
                    catalogue = gettext.GNUTranslations(io.BytesIO(content))
                except OSError:
                    continue
                if found is None:
                    found = catalogue
                else:
                    found.add_fallback(catalogue)
        known[domain] = found
    return known[domain]


def collect_messages(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: under the ``gettext`` builder, the spec texts the page
    renders join the page's catalogue (its ``.pot`` file), placed at their spec file."""
    builder = app.builder
    if not isinstance(builder, I18nBuilder) or MESSAGES not in doctree:
        return
    catalogue = builder.catalogs[docname_to_domain(docname, app.config.gettext_compact)]
    for message, file, line in dict.fromkeys(doctree[MESSAGES]):
        catalogue.add(message, MsgOrigin(file, line))
