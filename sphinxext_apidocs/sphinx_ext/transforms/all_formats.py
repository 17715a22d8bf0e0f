"""Post-transforms of every builder.

* Control characters in spec text (TeX stops at one, XML refuses one, a terminal
  obeys one) are shown as escapes (``\\x01``); code keeps its tabs and line breaks.
* Code in our trees is highlighted as far as it lexes, without a warning.
* Not HTML: a diagram (a sphinxcontrib-mermaid node) stays a picture where the
  Mermaid CLI can draw it (LaTeX, Texinfo); otherwise it becomes its Mermaid
  source in a labelled block.  Where a picture could have been drawn, one warning
  per build says why, if an ``api-diagram`` asked for a diagram; the diagrams drawn
  unasked (an operation's callback sequences) stay source without a word.
* Not the HTML builders that write them: the spec's download links go (a PDF or an
  e-book holds no file to download).
* Where a remote image would be downloaded: a remote ``x-logo`` is a link instead.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinxcontrib.mermaid import mermaid

from ...diagnostics.controls import CONTROLS, show_controls
from ...diagnostics.subtypes import Subtype
from ...render.diagram import DIAGRAM_CLASS, UNASKED
from ...render.i18n import _
from ...render.overview import DOWNLOAD_CLASS, LOGO_CLASS
from .. import state, warning
from ..downloads import HTML_BUILDERS
from ..nodes import our_trees


class ShowControls(SphinxPostTransform):
    """A control character in our trees becomes a visible escape (``\\x1b``), but tabs
    and line breaks in code; elsewhere a run of line breaks is one (a blank line
    would end a LaTeX argument: a title, an inline literal).  Index entries too."""

    default_priority = 880  # after MermaidFallback: its blocks hold diagram labels

    def run(self, **kwargs: Any) -> None:
        texts: dict[int, nodes.Text] = {}
        indexes: dict[int, addnodes.index] = {}
        for root in our_trees(self.document):
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


class DropSpecDownloads(SphinxPostTransform):
    """The spec's download links, where the output holds no download."""

    default_priority = 200

    def is_supported(self) -> bool:
        return state.builder(self.env).name not in HTML_BUILDERS

    def run(self, **kwargs: Any) -> None:
        for para in list(self.document.findall(nodes.paragraph)):
            if DOWNLOAD_CLASS in para["classes"]:
                para.parent.remove(para)


class RemoteLogoAsLink(SphinxPostTransform):
    """A remote ``x-logo`` becomes a link to it, with its alternative text, where the
    builder would download a remote image (LaTeX, epub): nothing is fetched."""

    default_priority = 90  # before Sphinx's ImageDownloader (100)

    def is_supported(self) -> bool:
        return not state.builder(self.env).supported_remote_images

    def run(self, **kwargs: Any) -> None:
        for box in list(self.document.findall(nodes.container)):
            if LOGO_CLASS not in box["classes"]:
                continue
            for image in list(box.findall(nodes.image)):
                uri = image["uri"]
                if "://" in uri:
                    alt = image.get("alt", uri)
                    link = nodes.reference("", alt, refuri=uri)
                    image.replace_self(
                        link
                        if isinstance(image.parent, nodes.TextElement)
                        else nodes.paragraph("", "", link)
                    )


class LenientHighlighting(SphinxPostTransform):
    """Code in our trees is highlighted as far as it lexes as its language: a spec's
    ``x-codeSamples`` or a fenced block in its description need not, and Sphinx's
    ``misc.highlighting_failure`` warning would fail ``-W`` for text the user did not
    write.  (Sphinx's ``force`` flag, set here rather than in the doctree: docutils'
    document model has no such attribute.)"""

    default_priority = 890

    def run(self, **kwargs: Any) -> None:
        for root in our_trees(self.document):
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
            para += nodes.strong("", _("Diagram (Mermaid source)"))
            para += nodes.Text(": " + node.get("apidocs_title", node["alt"]))
            box += para
            box += nodes.literal_block(node["code"], node["code"], language="text")
            node.replace_self(box)
