"""Format-specific post-transforms: the doctree itself stays format-neutral.

* HTML: long schema tables fold into ``<details>`` (works without JavaScript
  and by keyboard; the PDF, built through LaTeX, always shows them flat).
* HTML: code samples become tabs made of radio buttons and labels: no
  JavaScript, arrow keys move between languages, screen readers announce
  "cURL, radio button, 1 of 3"; epub, LaTeX and text keep labelled blocks.
* Not HTML: a diagram (a sphinxcontrib-mermaid node) stays a picture where the
  Mermaid CLI can draw it (LaTeX, Texinfo); otherwise it becomes its Mermaid
  source in a labelled block.  Where a picture could have been drawn, one warning
  per build says why, if an ``api-diagram`` asked for a diagram; the diagrams drawn
  unasked (an operation's callback sequences) stay source without a word.
* Every format: control characters in spec text (TeX stops at one, XML refuses
  one, a terminal obeys one) are shown as escapes (``\\x01``); code keeps its
  tabs and line breaks.
* LaTeX with pdflatex: characters pdflatex cannot typeset (emoji, box
  drawing, most symbols) in spec text are replaced by ``[U+XXXX]``, with one
  warning per document naming the count and the fix (xelatex or lualatex).
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import tempfile
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinxcontrib.mermaid import mermaid

from ..diagnostics.controls import CONTROLS, show_controls
from ..diagnostics.subtypes import Subtype
from ..render.context import anchor
from ..render.diagram import DIAGRAM_CLASS, UNASKED
from . import state, warning

#: marks every node tree the directives return
MARK = "apidocs"

#: HTML: schema tables with more rows than this are folded
FOLD_ROWS = 30

#: pdflatex: characters outside Latin-1 that Sphinx's pdflatex set-up typesets
PDFLATEX_OK = set("–—‘’“”„…•€≤≥≠−→←™†‡′″")


def _is_ours(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Element) and MARK in node.get("classes", ())


class FoldLongTables(SphinxPostTransform):
    default_priority = 200
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for table in list(self.document.findall(nodes.table)):
            if "apidocs-schema-table" not in table["classes"]:
                continue
            rows = sum(len(body) for body in table.findall(nodes.tbody))
            if rows <= FOLD_ROWS:
                continue
            summary = f'<details class="apidocs-fold"><summary>Show all {rows} fields</summary>'
            parent = table.parent
            index = parent.index(table)
            parent.insert(index + 1, nodes.raw("", "</details>", format="html"))
            parent.insert(index, nodes.raw("", summary, format="html"))


class CodeSampleTabs(SphinxPostTransform):
    default_priority = 200
    builders = ("html", "dirhtml", "singlehtml")

    def run(self, **kwargs: Any) -> None:
        # ids unique across pages too: singlehtml puts every page into one
        prefix = "apidocs-samples-" + anchor(self.env.docname)
        boxes = [
            box
            for box in self.document.findall(nodes.container)
            if "apidocs-code-samples" in box["classes"]
        ]
        for n, box in enumerate(boxes):
            group = f"{prefix}-{n}"
            box["classes"].append("apidocs-tabs")
            tabs: list[nodes.Node] = []
            count = 0
            for panel in box.children:
                if not isinstance(panel, nodes.Element) or not panel.children:
                    continue
                content = list(panel.children)
                first = content[0]
                label = panel.get("language", "")
                if (
                    isinstance(first, nodes.Element)
                    and "apidocs-code-sample-label" in first["classes"]
                ):
                    label = first.astext()
                    content = content[1:]
                tab = f"{group}-{count}"
                checked = "" if count else " checked"
                count += 1
                tabs.append(
                    nodes.raw(
                        "",
                        f'<input type="radio" class="apidocs-tab-input" name="{group}" '
                        f'id="{tab}"{checked}><label class="apidocs-tab-label" for="{tab}" '
                        f'id="{tab}-label">{escape(label)}</label>'
                        f'<div class="apidocs-tab-panel" role="region" aria-labelledby="{tab}-label">',
                        format="html",
                    )
                )
                tabs.extend(content)
                tabs.append(nodes.raw("", "</div>", format="html"))
            box.children = []
            box.extend(tabs)


class ShowControls(SphinxPostTransform):
    """A control character in our trees becomes a visible escape (``\\x1b``), but tabs
    and line breaks in code; elsewhere a run of line breaks is one (a blank line
    would end a LaTeX argument: a title, an inline literal).  Index entries too."""

    default_priority = 880  # after MermaidFallback: its blocks hold diagram labels

    def run(self, **kwargs: Any) -> None:
        texts: dict[int, nodes.Text] = {}
        indexes: dict[int, addnodes.index] = {}
        for root in self.document.findall(_is_ours):
            texts.update((id(t), t) for t in root.findall(nodes.Text) if _HAS_CONTROL.search(t))
            indexes.update((id(n), n) for n in root.findall(addnodes.index))
        for text in texts.values():
            code = _in_code(text)
            shown = _shown(str(text), code is not None)
            if shown == text:
                continue
            # a block whose source is its text is highlighted from its source: keep it so
            highlighted = code is not None and code.rawsource == code.astext()
            text.parent.replace(text, nodes.Text(shown))
            if code is not None and highlighted:
                code.rawsource = code.astext()
        for index in indexes.values():
            index["entries"] = [
                (kind, show_controls(value), *rest) for kind, value, *rest in index["entries"]
            ]


class LenientHighlighting(SphinxPostTransform):
    """Code in our trees is highlighted as far as it lexes as its language: a spec's
    ``x-codeSamples`` or a fenced block in its description need not, and Sphinx's
    ``misc.highlighting_failure`` warning would fail ``-W`` for text the user did not
    write.  (Sphinx's ``force`` flag, set here rather than in the doctree: docutils'
    document model has no such attribute.)"""

    default_priority = 890

    def run(self, **kwargs: Any) -> None:
        for root in self.document.findall(_is_ours):
            for block in root.findall(nodes.literal_block):
                block["force"] = True


_HAS_CONTROL = re.compile(f"[{CONTROLS}]")
_LINE_BREAKS = re.compile(r"\r\n?|\n")
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")


def _in_code(text: nodes.Text) -> nodes.FixedTextElement | None:
    """The code block (literal block) holding ``text``, if any."""
    parent = text.parent
    while parent is not None and not isinstance(parent, nodes.FixedTextElement):
        parent = parent.parent
    return parent


def _shown(text: str, code: bool) -> str:
    text = _LINE_BREAKS.sub("\n", text)
    if code:
        return show_controls(text, keep="\t\n")
    return show_controls(_BLANK_LINES.sub("\n", text), keep="\n")


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


class BreakLongTokens(SphinxPostTransform):
    """LaTeX: a run of more than :data:`LONG_TOKEN` characters without a space (a made-up
    name, a hash, a URL) gets a break opportunity every :data:`TOKEN_CHUNK` characters, so
    it wraps instead of running off the page (HAZARDS 33).  Code blocks wrap by
    themselves and are left alone."""

    default_priority = 890  # before PdflatexUnicode: it cuts text on character boundaries
    builders = ("latex",)

    def run(self, **kwargs: Any) -> None:
        texts: dict[int, nodes.Text] = {}
        for root in self.document.findall(_is_ours):
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
        texts: dict[int, nodes.Text] = {}  # our trees can nest (a directive in another's content)
        for root in self.document.findall(_is_ours):
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


def _command(command: str | list[str] | tuple[str, ...]) -> list[str]:
    try:
        return shlex.split(command) if isinstance(command, str) else list(command)
    except ValueError:
        return []


def mermaid_cli(command: str | list[str] | tuple[str, ...]) -> str | None:
    """The Mermaid CLI program ``mermaid_cmd`` names, if it is installed."""
    words = _command(command)
    return shutil.which(words[0]) if words else None


def mermaid_cli_problem(config: Any) -> str | None:
    """Why the Mermaid CLI cannot draw (not installed, or it fails on a one-line diagram,
    as it does without a browser it can start); None when it draws."""
    if mermaid_cli(config.mermaid_cmd) is None:
        return f"the Mermaid CLI (mermaid_cmd = {config.mermaid_cmd!r}) was not found"
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder, "probe.mmd"), Path(folder, "probe.pdf")
        source.write_text("flowchart LR\n  a --> b\n", encoding="utf-8")
        command = [*_command(config.mermaid_cmd), *config.mermaid_params]
        try:
            done = subprocess.run(
                [*command, "-i", str(source), "-o", str(target)],
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"the Mermaid CLI could not run ({exc})"
        if done.returncode != 0 or not target.is_file():
            lines = (done.stderr or done.stdout).strip().splitlines()
            reason = lines[0][:200] if lines else f"exit status {done.returncode}"
            return f"the Mermaid CLI failed on a test diagram ({reason})"
    return None


class MermaidFallback(SphinxPostTransform):
    """Diagrams outside HTML: pictures drawn by the Mermaid CLI, else their source.

    Whether the CLI draws is tried once per build, on a one-line diagram, so that
    a CLI that cannot start its browser leaves the source rather than nothing.  That
    it cannot is a warning only where the user asked for a diagram (``api-diagram``):
    the diagrams drawn unasked (an operation's callbacks) quietly stay source."""

    default_priority = 800

    def run(self, **kwargs: Any) -> None:
        builder = state.builder(self.env)
        if builder.format == "html":
            return
        found = [n for n in self.document.findall(mermaid) if DIAGRAM_CLASS in n["classes"]]
        if not found:
            return
        can_draw = builder.format in ("latex", "texinfo")
        if can_draw:
            build = state.state(self.env)
            if not build.mermaid_cli_tried:
                build.mermaid_cli_problem = mermaid_cli_problem(self.config)
                build.mermaid_cli_tried = True
            problem = build.mermaid_cli_problem
            if problem is None:
                return
            asked = [n for n in found if not n.get(UNASKED)]
            if asked and not build.mermaid_cli_said:
                build.mermaid_cli_said = True
                warning.warn_while_writing(
                    self.env,
                    Subtype.DIAGRAM,
                    f"{problem}, so the diagrams of this build are shown as Mermaid source; "
                    "install @mermaid-js/mermaid-cli to draw them (see the diagrams page "
                    "of the manual)",
                    asked[0],
                )
        for node in found:
            box = nodes.container(classes=["apidocs-diagram-source"])
            para = nodes.paragraph()
            para += nodes.strong("", "Diagram (Mermaid source)")
            para += nodes.Text(": " + node.get("apidocs_title", node["alt"]))
            box += para
            box += nodes.literal_block(node["code"], node["code"], language="text")
            node.replace_self(box)
