"""API docs in several languages: the extension's own words from its catalogue
(``sphinxext_apidocs/locales``), complete for German (tests/roots/test-i18n: a spec with
German prose that uses every kind of label)."""

from __future__ import annotations

import ast
import html
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from sphinxext_apidocs.render import i18n

from ..helpers import REPO, apidocs_warnings, build, copy_root, other_warnings, write_files

GERMAN = i18n.LOCALE_DIR / "de" / "LC_MESSAGES" / f"{i18n.CATALOG}.po"


Translation = str | tuple[str, ...]
"""A message's translation: one per plural form where the message has a plural."""


def _message(text: Any) -> Any:
    """A message (or its translation) as :func:`i18n.messages` keys it: a plural's forms
    as a tuple (Babel's .mo reader gives a list)."""
    return tuple(text) if isinstance(text, list | tuple) else str(text)


def _catalogue(po: Path) -> dict[i18n.Message, Translation]:
    with po.open("rb") as f:
        return {_message(m.id): _message(m.string) for m in read_po(f) if m.id}


def _pairs(catalogue: dict[i18n.Message, Translation]) -> Iterator[tuple[str, str]]:
    """Each English text of ``catalogue`` with its translation (a plural: both forms;
    German has two, like English)."""
    for english, translated in catalogue.items():
        if isinstance(english, str):
            assert isinstance(translated, str)
            yield english, translated
        else:
            yield from zip(english, translated, strict=True)


def test_every_message_of_the_package_has_a_german_translation() -> None:
    used = i18n.messages()
    german = _catalogue(GERMAN)
    untranslated = {
        m: places
        for m, places in used.items()
        if not german.get(m) or not all(german[m])  # every plural form
    }
    assert not untranslated, f"add these to {GERMAN.name}: {untranslated}"
    assert not set(german) - set(used), "messages the package no longer writes"
    # labels the issue named: found by the extraction, not left as plain strings
    assert {"required", "read-only", "write-only", "one of", "Discriminator:"} <= set(used)
    assert {"Allowed:", "Constraints:", "Example", "Code samples"} <= set(used)
    # the diagrams' words (diagrams/ cannot import the catalogue; its words.gettext calls
    # are found all the same), a plural with its two forms
    assert {"Client", "Callback receiver", "any other status", "Your server"} <= set(used)
    assert ("{count} operation", "{count} operations") in used


def _literal_calls(tree: ast.AST) -> Iterator[tuple[str, int]]:
    """The first literal argument of every call of a :data:`i18n.KEYWORDS` function."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        first = node.args[0]
        if (
            name in i18n.KEYWORDS
            and isinstance(first, ast.Constant)
            and isinstance(first.value, str)
        ):
            yield first.value, node.lineno


def test_the_extraction_finds_every_literal_message() -> None:
    """A message written where Babel does not look (inside an f-string) would be shown
    in English whatever the catalogue says."""
    found = {m if isinstance(m, str) else m[0] for m in i18n.messages()}
    missed = [
        (str(path.relative_to(i18n.PACKAGE_DIR)), line, message)
        for path in sorted(i18n.PACKAGE_DIR.rglob("*.py"))
        for message, line in _literal_calls(ast.parse(path.read_text()))
        if message not in found
    ]
    assert not missed


def test_the_compiled_catalogues_are_up_to_date() -> None:
    for po in i18n.LOCALE_DIR.glob(f"*/LC_MESSAGES/{i18n.CATALOG}.po"):
        with po.with_suffix(".mo").open("rb") as f:
            shipped = {_message(m.id): _message(m.string) for m in read_mo(f) if m.id}
        assert shipped == _catalogue(po), f"run python -m sphinxext_apidocs.render.i18n ({po})"


def test_the_template_lists_every_message(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    with i18n.write_template().open("rb") as f:
        template = {_message(m.id) for m in read_po(f) if m.id}
    assert template == set(i18n.messages())


def _diagram_text(page: str) -> str:
    """The words of a page's Mermaid diagrams: their sources without the syntax
    (keywords, node ids, class names), entity codes (``#58;``) decoded."""
    sources = re.findall(r'<pre\s+class="mermaid">(.*?)</pre>', page, flags=re.S)
    text = html.unescape("\n".join(sources))
    text = re.sub(
        r"^\s*(class|classDef|direction|end|sequenceDiagram|flowchart)\b.*$", "", text, flags=re.M
    )
    text = re.sub(
        r"^\s*(accTitle|accDescr):|^\s*participant \w+ as|^\s*Note over [\w,]+:",
        " ",
        text,
        flags=re.M,
    )
    text = re.sub(r"^\s*(alt|else)\b|^\s*\w+-->>?\w+:|^\s*\w+->>\w+:", " ", text, flags=re.M)
    text = re.sub(r"#(\d+);", lambda m: chr(int(m[1])), text.replace("<br/>", " "))
    text = re.sub(r"\$(request|response)[\w.#/]*", " ", text)  # runtime expressions: code
    return " ".join(text.split())


def _visible_text(page: str) -> str:
    """The text of a page's body and its ARIA labels, and the words of its diagrams,
    without code (samples, literals, status codes: not words of the extension)."""
    start = page.index('<div class="body"')
    body = page[start : page.index('<div class="sphinxsidebar"', start)]
    labels = " ".join(re.findall(r'aria-label="([^"]*)"', body))
    labels = labels.replace("Antwort default", "Antwort")  # the status is the spec's word
    labels += " " + _diagram_text(body)
    body = re.sub(r"<(pre|code)\b.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r'<span class="[^"]*apidocs-status[^"]*">[^<]*</span>', " ", body)
    text = html.unescape(re.sub(r"<[^>]+>", " ", body) + " " + labels)
    return " ".join(text.split())


def _parts(message: str) -> list[str]:
    """The text of ``message`` between its placeholders, trimmed (a colon kept)."""
    parts = [p.strip() for p in re.split(r"\{\w*\}", message)]
    return [p if p.endswith(":") else p.strip(" .,;:()…") for p in parts]


def _english_left(text: str, *, prose: str = "") -> set[str]:
    """The English words of the catalogue (each message's text between its
    placeholders) that ``text`` holds; with the English ``prose`` of a spec, only those
    of two words or more, or ending in a colon, and not in the prose."""
    left = set()
    for english, german in _pairs(_catalogue(GERMAN)):
        for part in set(_parts(english)) - set(_parts(german)):
            if not re.search(r"[A-Za-z]{2}", part):
                continue
            if prose and ((" " not in part and not part.endswith(":")) or part in prose):
                continue
            if re.search(rf"(?<![\w-]){re.escape(part)}(?![\w-])", text):
                left.add(part)
    return left


def test_a_german_build_shows_no_english_label(make_app: Any, tmp_path: Path) -> None:
    # the project in English shows the labels (the check below can fail); first, as
    # Sphinx keeps a process's first translation of a catalogue until its test ends
    english = build(make_app, copy_root("test-i18n", tmp_path, "en"))
    shown = _english_left(_visible_text((Path(english.outdir) / "index.html").read_text()))
    assert {"required", "read-only", "write-only", "Discriminator:", "Allowed:"} <= shown
    app = build(make_app, copy_root("test-i18n", tmp_path), confoverrides={"language": "de"})
    text = _visible_text((Path(app.outdir) / "index.html").read_text())
    assert not _english_left(text)
    for german in ("erforderlich", "schreibgeschützt", "nur schreibbar", "eines von"):
        assert german in text
    assert "Unterscheidungsmerkmal:" in text and "Erlaubt:" in text
    # the general index: the kind of each entry
    index = (Path(app.outdir) / "genindex.html").read_text()
    assert "(API-Operation von zoo)" in index and "API operation" not in index


def test_the_diagrams_of_a_german_build_speak_german(make_app: Any, tmp_path: Path) -> None:
    """The Mermaid source of each kind of diagram (the callback's sequence diagram under
    its operation, an overview, the links and the webhooks): German words, Mermaid's
    keywords untouched."""
    english_words = ("Client", "Callback receiver", "any other status", "Your server")
    english = build(make_app, copy_root("test-i18n", tmp_path, "en"))
    text = _diagram_text((Path(english.outdir) / "index.html").read_text())
    assert all(word in text for word in english_words)
    app = build(make_app, copy_root("test-i18n", tmp_path), confoverrides={"language": "de"})
    page = (Path(app.outdir) / "index.html").read_text()
    sources = html.unescape(" ".join(re.findall(r'<pre\s+class="mermaid">(.*?)</pre>', page, re.S)))
    text = _diagram_text(page)
    assert not [word for word in english_words if word in text]
    for german in (
        "Ablauf von POST /tiere",  # a sequence diagram's title
        "Aufrufer",
        "Rückruf-Empfänger",
        "jeder andere Status",
        "Rückruf geboren an die URL aus Anfrage-Body, Feld rueckruf",
        "Übersicht über Zoo",
        "3 Operationen in 1 Gruppe",
        "Antwort-Links von Zoo",
        "1 Link: GET /tiere 200 führt zu GET /tiere/{id}",
        "Ihr Server",
        "Die API sendet 1 Webhook: neuesTier",
    ):
        assert german in text, german
    for keyword in ("sequenceDiagram", "participant C as", "accTitle:", "accDescr:", "flowchart"):
        assert keyword in sources
    assert not _english_left(text)


def test_a_german_build_of_the_manuals_demo_spec(make_app: Any, tmp_path: Path) -> None:
    """The manual's reference page (the whole demo spec) with the manual's catalogues."""
    src = tmp_path / "src"
    for folder in ("openapi", "locales"):
        shutil.copytree(REPO / "docs" / folder, src / folder)
    write_files(
        src,
        {
            "conf.py": 'extensions = ["sphinxext_apidocs"]\n'
            'apidocs_specs = {"bookstore": "openapi/bookstore.yaml"}\n'
            'locale_dirs = ["locales"]\n',
            "index.rst": "Buchladen\n=========\n\n.. toctree::\n\n   reference\n",
            "reference.rst": "Bookstore API\n=============\n\n"
            ".. api-overview:: bookstore\n\n.. api-spec:: bookstore\n",
        },
    )
    app = build(make_app, src, confoverrides={"language": "de"})
    assert not apidocs_warnings(app.warning.getvalue())
    assert not other_warnings(app.warning.getvalue())
    text = _visible_text((Path(app.outdir) / "reference.html").read_text())
    # translated descriptions from docs/locales/de/LC_MESSAGES/reference.po
    for translated in (
        "Bücher auflisten",
        "Gibt eine Seite des Katalogs zurück",
        "Wörter, die in Titeln, Untertiteln und Autorennamen gesucht werden.",
        "Die Menschen, die die Bücher geschrieben haben.",
    ):
        assert translated in text, translated
    assert "The people who wrote the books." not in text
    # its prose is English: the labels of two words or more, and the flags
    prose = " ".join(p.read_text() for p in (src / "openapi").rglob("*.yaml"))
    assert not _english_left(text, prose=prose)
    page = (Path(app.outdir) / "reference.html").read_text()
    flags = set(re.findall(r'class="apidocs-flag [^"]*">(?:<span class="pre">)?([^<]*)<', page))
    assert flags == {"erforderlich", "veraltet", "schreibgeschützt", "nur schreibbar", "Webhook"}


# -- spec prose in the page's catalogue -------------------------------------------------


def _pot(path: Path) -> dict[str, list[tuple[str, int]]]:
    with path.open("rb") as f:
        return {str(m.id): list(m.locations) for m in read_po(f) if m.id}


def test_the_gettext_builder_collects_the_spec_prose_of_each_page(
    make_app: Any, tmp_path: Path
) -> None:
    app = build(make_app, copy_root("test-i18n", tmp_path), "gettext")
    messages = _pot(Path(app.outdir) / "index.pot")
    # the page's own paragraphs, as Sphinx collects them, and the spec's prose
    assert "Zoo" in messages and "Index" in messages
    for prose in (
        "Tiere im Zoo verwalten.",  # info
        "Die Tiere des Zoos.",  # a tag
        "Tiere auflisten.",  # a summary
        "Alle Tiere, die neuesten zuerst.",  # an operation's description
        "Die Tierart.",  # a parameter's
        "Das neue Tier.",  # a request body's
        "Die Tiere.",  # a response's
        "Wie viele.",  # a header's
        "Ein Tier.",  # a schema's
        "Der Rufname.",  # a property's
        "Ein kurzes.",  # an example's summary
        "Die Doku.",  # an external link's
    ):
        assert prose in messages, prose
        ((file, line),) = messages[prose]
        assert Path(file).name == "zoo.yaml" and line > 0
    # each at the line that holds it
    assert messages["Alle Tiere, die neuesten zuerst."] == [("../../zoo.yaml", 26)]
    assert messages["Die Tierart."] == [("../../zoo.yaml", 32)]
    # the extension's own words are in its own catalogue, not the page's
    assert "Requests the API sends to your server." not in messages
    assert "Responses" not in messages


def test_a_translated_description_replaces_the_original(make_app: Any, tmp_path: Path) -> None:
    app = build(make_app, copy_root("test-i18n", tmp_path), confoverrides={"language": "de"})
    text = _visible_text((Path(app.outdir) / "index.html").read_text())
    for original, translated in (
        ("Alle Tiere, die neuesten zuerst.", "Jedes Tier des Zoos, das neueste zuerst."),
        ("Die Tiere des Zoos.", "Alle Tiere, die im Zoo leben."),
        ("Die Tiere.", "Die Liste der Tiere."),  # on the status line of its response
        ("Der Rufname.", "Wie das Tier gerufen wird."),
        ("Ein kurzes.", "Ein kurzes Beispiel."),  # an example's summary
        ("Die Doku.", "Die Dokumentation."),  # an external link's
    ):
        assert translated in text and original not in text
    # the summary, in the operation, the operations index and the overview diagram
    assert text.count("Alle Tiere auflisten.") == 3 and "Tiere auflisten." not in text.replace(
        "Alle Tiere auflisten.", ""
    )
    # a fuzzy translation is not used, as Sphinx does not use it for a paragraph
    assert "Die Tierart." in text and "Welche Art von Tier." not in text


def test_apicheck_reports_stale_and_fuzzy_translations_of_spec_prose(
    make_app: Any, tmp_path: Path
) -> None:
    app = build(make_app, copy_root("test-i18n", tmp_path), "apicheck")
    report = json.loads((Path(app.outdir) / "apicheck.json").read_text())
    found = [
        (f["message"], [(p["file"], p["line"]) for p in f["locations"]])
        for f in report["findings"]
        if f["rule"] == "translation-stale"
    ]
    po = "locales/de/LC_MESSAGES/index.po"
    # not the page's own paragraph that is gone: Sphinx's business, not the spec's
    assert found == [
        (
            "translation of 'Die Tierart.': it is marked fuzzy, so it is not used; review it",
            [(po, 43)],
        ),
        (
            "translation of 'Ein Vogel.': the spec no longer has this text; update the "
            "catalogue from the .pot file",
            [(po, 48)],
        ),
    ]


def test_an_edited_translation_is_shown_by_the_next_build(make_app: Any, tmp_path: Path) -> None:
    src = copy_root("test-i18n", tmp_path)
    build(make_app, src, confoverrides={"language": "de"})
    po = src / "locales" / "de" / "LC_MESSAGES" / "index.po"
    po.write_text(po.read_text().replace("Die Liste der Tiere.", "Alle unsere Tiere."))
    again = build(make_app, src, confoverrides={"language": "de"})
    assert "Alle unsere Tiere." in (Path(again.outdir) / "index.html").read_text()


def test_a_translation_is_sanitized_like_spec_text_and_says_so(
    make_app: Any, tmp_path: Path
) -> None:
    src = copy_root("test-i18n", tmp_path)
    po = src / "locales" / "de" / "LC_MESSAGES" / "index.po"
    hostile = "Die Liste <script>alert(1)</script> [der](javascript:alert(1)) Tiere."
    po.write_text(po.read_text().replace("Die Liste der Tiere.", hostile))
    app = build(make_app, src, confoverrides={"language": "de"})
    page = (Path(app.outdir) / "index.html").read_text()
    assert "alert(1)" not in page and "Die Liste" in page
    (found,) = [w for w in apidocs_warnings(app.warning.getvalue()) if w["subtype"] == "html"]
    assert found["location"].endswith("index.rst")
    assert "the translation of 'Die Tiere.'" in found["message"]
