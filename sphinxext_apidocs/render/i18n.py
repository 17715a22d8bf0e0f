"""The extension's own words (headings, labels, table headers), translatable.

:func:`_` looks a message up in the ``sphinxext_apidocs`` catalogue for the
project's ``language`` (``locales/<language>/LC_MESSAGES/sphinxext_apidocs.mo``,
registered with Sphinx's locale machinery in ``setup``); outside a build it
returns the English text.  After editing a ``.po`` file, compile the catalogues
with ``python -m sphinxext_apidocs.render.i18n`` (Babel, which Sphinx installs).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.locale import get_translation

CATALOG = "sphinxext_apidocs"
LOCALE_DIR = Path(__file__).parents[1] / "locales"

_translate = get_translation(CATALOG)


def _(message: str) -> str:
    """``message`` in the project's language, as a plain string."""
    return str(_translate(message))


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
    for path in compile_catalogues():
        print(path)
