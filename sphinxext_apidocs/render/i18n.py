"""The extension's own words (headings, labels, table headers), translatable.

:func:`_` looks a message up in the ``sphinxext_apidocs`` catalogue for the
project's ``language`` (``locales/<language>/LC_MESSAGES/sphinxext_apidocs.mo``,
registered with Sphinx's locale machinery in ``setup``); outside a build it
returns the English text.  :func:`ngettext` picks the form for a count, and
:func:`diagram_words` hands both to the diagrams, which know nothing of Sphinx.  ``python -m sphinxext_apidocs.render.i18n`` writes the
template ``locales/sphinxext_apidocs.pot`` (every message of the package, found by
Babel, which Sphinx installs) and compiles each ``.po`` file into its ``.mo``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sphinx.locale import get_translation, get_translator, is_translator_registered

from ..diagrams.mermaid import Words

CATALOG = "sphinxext_apidocs"
PACKAGE_DIR = Path(__file__).parents[1]
LOCALE_DIR = PACKAGE_DIR / "locales"
KEYWORDS: dict[str, tuple[int, ...] | None] = {
    "_": None,
    "N_": None,
    "lazy_": None,
    "gettext": None,  # words.gettext in diagrams/
    "ngettext": (1, 2),
}
"""The functions whose literal argument is a message of the catalogue (a singular and a
plural for ``ngettext``), as Babel's extraction takes them."""

Message = str | tuple[str, str]
"""A message of the catalogue; a pair (singular, plural) where a count picks the form."""

lazy_ = get_translation(CATALOG)
"""``message`` translated when it is first shown: for class attributes such as an
index's name, written before the project's language is known."""


def _(message: str) -> str:
    """``message`` in the project's language, as a plain string."""
    return str(lazy_(message))


def N_(message: str) -> str:
    """Marks ``message`` for the catalogue where it is written (in a table of labels);
    it is translated with :func:`_` where it is used."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular`` / ``plural`` for the count ``n`` in the project's
    language (English outside a build)."""
    if not is_translator_registered(CATALOG):
        return singular if n == 1 else plural
    return get_translator(CATALOG).ngettext(singular, plural, n)


def diagram_words(prose: Callable[[str], str]) -> Words:
    """The diagrams' words in the project's language, and the spec's prose through
    ``prose`` (the page's :meth:`~.context.RenderContext.prose`)."""
    return Words(gettext=_, ngettext=ngettext, prose=prose)


def messages() -> dict[Message, list[tuple[str, int]]]:
    """Every message of the package (the literal arguments of a :data:`KEYWORDS` call)
    and where it is written (path in the package, line)."""
    from babel.messages.extract import extract_from_dir

    found: dict[Message, list[tuple[str, int]]] = {}
    for path, line, message, _comments, _context in extract_from_dir(
        str(PACKAGE_DIR),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
    ):
        key: Message
        if isinstance(message, str):
            key = message
        else:  # ngettext: its singular and plural, when both are literals
            singular, plural = message
            if not (isinstance(singular, str) and isinstance(plural, str)):
                continue
            key = (singular, plural)
        found.setdefault(key, []).append((path, line))
    return found


def write_template() -> Path:
    """Write ``locales/sphinxext_apidocs.pot`` from :func:`messages`; return its path."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalog = Catalog(project="sphinxext-apidocs", domain=CATALOG)
    for message, places in messages().items():  # write_po sorts them
        catalog.add(message, locations=places)
    pot = LOCALE_DIR / f"{CATALOG}.pot"
    with pot.open("wb") as f:
        write_po(f, catalog, omit_header=False, sort_output=True, width=88)
    return pot


def compile_catalogues() -> list[Path]:
    """Write every ``.mo`` file from its ``.po`` file; return the ``.mo`` paths."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{CATALOG}.po")):
        with po.open("rb") as f:
            catalog = read_po(f)
        mo = po.with_suffix(".mo")
        with mo.open("wb") as f:
            write_mo(f, catalog)
        written.append(mo)
    return written


if __name__ == "__main__":
    for path in [write_template(), *compile_catalogues()]:
        print(path)
