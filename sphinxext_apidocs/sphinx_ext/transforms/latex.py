"""LaTeX-only post-transforms: what a PDF shows, and what TeX cannot typeset or wrap
by itself.

* Code samples in one language (``apidocs_latex_sample_languages``): the PDF is a
  reference, not a book of the same request in six languages.
* A run of characters without a space (a made-up name, a hash, a URL) gets break
  opportunities, so that it wraps instead of running off the page.
* With pdflatex: characters pdflatex cannot typeset (emoji, box drawing, most
  symbols) in spec text are replaced by ``[U+XXXX]``, with one warning per document
  naming the count and the fix (xelatex or lualatex).
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ...diagnostics.subtypes import Subtype
from .. import warning
from ..nodes import our_trees

#: pdflatex: characters outside Latin-1 that Sphinx's pdflatex set-up typesets
PDFLATEX_OK = set("–—‘’“”„…•€≤≥≠−→←™†‡′″")


def pdflatex_safe(text: str) -> tuple[str, int]:
    """``text`` with characters pdflatex cannot typeset replaced; and how many."""
    count = 0
    out = []
    for ch in text:
        if ord(ch) < 0x250 or ch in PDFLATEX_OK:
            out.append(ch)
        else:
            count += 1
            out.append(f"[U+{ord(ch):04X}]")
    return "".join(out), count


class LatexSampleLanguages(SphinxPostTransform):
    """Keep the code samples of ``apidocs_latex_sample_languages`` (None: the language of
    each block's first sample, the tab the HTML shows first; ids compared without case);
    a block left with none goes, with its title."""

    default_priority = 200
    builders = ("latex",)

    def run(self, **kwargs: Any) -> None:
        wanted = self.config.apidocs_latex_sample_languages
        for box in list(self.document.findall(nodes.container)):
            if "apidocs-code-samples" not in box["classes"]:
                continue
            samples = [p for p in box.children if isinstance(p, nodes.Element)]
            languages = wanted if wanted is not None else [p["language"] for p in samples[:1]]
            keep = {str(language).lower() for language in languages}
            box[:] = [p for p in samples if str(p.get("language", "")).lower() in keep]
            if box.children:
                continue
            parent = box.parent
            title = parent[parent.index(box) - 1]
            if isinstance(title, nodes.rubric) and "apidocs-code-samples-title" in title["classes"]:
                parent.remove(title)
            parent.remove(box)


class BreakLongTokens(SphinxPostTransform):
    """LaTeX: a run of more than :data:`LONG_TOKEN` characters without a space (a made-up
    name, a hash, a URL) gets a break opportunity every :data:`TOKEN_CHUNK` characters, so
    it wraps instead of running off the page (HAZARDS 33).  Code blocks wrap by
    themselves and are left alone."""

    default_priority = 890  # before PdflatexUnicode: it cuts text on character boundaries
    builders = ("latex",)

    def run(self, **kwargs: Any) -> None:
        texts: dict[int, nodes.Text] = {}
        for root in our_trees(self.document):
            texts.update((id(t), t) for t in root.findall(nodes.Text) if _breakable(t))
        for text in texts.values():
            pieces = _LONG_RUN.split(str(text))
            if len(pieces) == 1:
                continue
            out: list[nodes.Node] = []
            for i, piece in enumerate(pieces):
                if i % 2 == 0:  # between long runs
                    if piece:
                        out.append(nodes.Text(piece))
                    continue
                for start in range(0, len(piece), TOKEN_CHUNK):
                    if start:
                        out.append(nodes.raw("", r"\allowbreak{}", format="latex"))
                    out.append(nodes.Text(piece[start : start + TOKEN_CHUNK]))
            parent = text.parent
            assert isinstance(parent, nodes.Element)
            index = parent.index(text)
            parent[index : index + 1] = out


LONG_TOKEN = 40
TOKEN_CHUNK = 20
_LONG_RUN = re.compile(rf"(\S{{{LONG_TOKEN + 1},}})")


def _breakable(text: nodes.Text) -> bool:
    if len(text) <= LONG_TOKEN:
        return False
    parent = text.parent
    while parent is not None:
        # code wraps by itself; a link's text that is its URL is typeset by \sphinxurl,
        # which breaks it at its slashes (a break here would make it \sphinxhref)
        if isinstance(parent, (nodes.FixedTextElement, nodes.raw, nodes.math)):
            return False
        if isinstance(parent, nodes.reference) and parent.get("refuri") == text.astext():
            return False
        parent = parent.parent
    return True


class PdflatexUnicode(SphinxPostTransform):
    default_priority = 900
    builders = ("latex",)

    def run(self, **kwargs: Any) -> None:
        if self.config.latex_engine != "pdflatex":
            return
        texts: dict[int, nodes.Text] = {}
        for root in our_trees(self.document):
            texts.update((id(t), t) for t in root.findall(nodes.Text))
        replaced = 0
        first: nodes.Node | None = None
        for text in texts.values():
            safe, count = pdflatex_safe(str(text))
            if count:
                replaced += count
                first = first or text.parent
                text.parent.replace(text, nodes.Text(safe))
        if replaced:
            warning.warn_while_writing(
                self.env,
                Subtype.LATEX,
                f"{replaced} characters in API documentation cannot be typeset by pdflatex and "
                "were replaced by their code points; set latex_engine = 'xelatex' or 'lualatex'",
                first,
            )
