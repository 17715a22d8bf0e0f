"""What readers see: API pages in four Sphinx themes, measured in headless Chromium.

For each theme (alabaster, furo, pydata-sphinx-theme, sphinx-rtd-theme) a
project is generated with the chosen specs copied in, one page per page
definition (``.. api-spec::`` with its filter options) and a *plain* page of
the same theme (a heading, a paragraph, a small table and a short code block)
as the baseline for axe-core.  After ``sphinx-build -b html`` each page is
opened in headless Chromium (``pages/audit.mjs``, playwright-core and
axe-core from npm) at 1280 and 390 px, with every fold (``<details>``) open,
and the script reports per theme, page and width:

* tables wider than their content column (target 0), and whether the page
  itself scrolls sideways;
* scrolling blocks (code, examples) that are not focusable or not named;
* axe-core's serious and critical violations that the API page adds over the
  plain page of its theme (target 0);
* with ``--screenshots DIR``, a screenshot of each page and width (scrolled to
  ``--focus`` when given);
* with ``--redocly NAME=SPEC:LINK`` (and ``--screenshots``), Redoc's page for
  the same spec, built by ``redocly build-docs`` (``@redocly/cli`` from
  ``pages/``), served on localhost and shot at each width after clicking its
  menu link ``LINK`` (Redoc's route of the operation, e.g.
  ``/other/postcustomers``): the same operation beside ours.

Needs Node.js, ``npm install`` in ``benchmarks/pages`` and Chromium
(``/usr/bin/chromium`` or ``$CHROMIUM``); the themes must be installed in the
interpreter that runs Sphinx.

Usage::

    (cd benchmarks/pages && npm install)
    python benchmarks/bench_pages.py                       # the default pages
    python benchmarks/bench_pages.py --page "gh-pulls=github:tags=pulls" \\
        --themes furo --widths 390 --screenshots /tmp/shots
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import shutil
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from _harness import (
    CORPUS,
    child_env,
    crash_summary,
    format_table,
    load_note,
    run,
    sphinx_cmd,
)

AUDIT_DIR = Path(__file__).resolve().parent / "pages"
THEMES = ("alabaster", "furo", "pydata_sphinx_theme", "sphinx_rtd_theme")
SPECS = {
    "stripe": CORPUS.parent / "large" / "stripe.com.json",
    "github": CORPUS / "github" / "api.github.com.json",
    "ghes": CORPUS / "apis-guru" / "github.com_ghes-3.2.json",
}
# NAME=SPEC[:OPTION=VALUE[;OPTION=VALUE]]: one page holding one api-spec.
DEFAULT_PAGES = (
    "stripe-customers=stripe:paths=^/v1/customers$ ^/v1/customers/{customer}$",
    "github-pulls=github:tags=pulls",
)
SERIOUS = ("serious", "critical")

PLAIN_PAGE = """\
Plain page
==========

A paragraph of text with ``inline code`` and a `link <https://example.org>`_.

.. list-table:: A small table
   :header-rows: 1

   * - Name
     - Description
   * - id
     - The identifier.

.. code-block:: json

   {"id": 1, "name": "example"}
"""


def parse_page(text: str) -> tuple[str, str, dict[str, str]]:
    name, _, rest = text.partition("=")
    spec, _, options = rest.partition(":")
    parsed = {}
    for item in filter(None, options.split(";")):
        key, _, value = item.partition("=")
        parsed[key.strip()] = value.strip()
    return name, spec, parsed


def write_project(
    root: Path, theme: str, pages: list[tuple[str, str, dict[str, str]]], specs: dict[str, Path]
) -> None:
    root.mkdir(parents=True)
    used = sorted({spec for _, spec, _ in pages})
    for name in used:
        shutil.copy(specs[name], root / specs[name].name)
    conf = [
        'extensions = ["sphinxext_apidocs"]',
        f"html_theme = {theme!r}",
        "apidocs_specs = {" + ", ".join(f"{name!r}: {specs[name].name!r}" for name in used) + "}",
        "apidocs_max_file_size = 100_000_000",
        'project = "bench-pages"',
    ]
    (root / "conf.py").write_text("\n".join(conf) + "\n", "utf-8")
    (root / "plain.rst").write_text(PLAIN_PAGE, "utf-8")
    toc = ["Pages", "=====", "", ".. toctree::", "", "   plain"]
    for name, spec, options in pages:
        lines = [name, "=" * len(name), "", f".. api-spec:: {spec}"]
        lines += [f"   :{key}: {value}" for key, value in options.items()]
        (root / f"{name}.rst").write_text("\n".join(lines) + "\n", "utf-8")
        toc.append(f"   {name}")
    (root / "index.rst").write_text("\n".join(toc) + "\n", "utf-8")


def serious_rules(axe: list[dict[str, Any]] | None) -> dict[str, int]:
    return {v["id"]: v["nodes"] for v in axe or () if v["impact"] in SERIOUS}


class OnePageHandler(http.server.BaseHTTPRequestHandler):
    """Serves one file at every path: Redoc routes operations by URL path."""

    def __init__(self, *args: Any, page: Path, **kwargs: Any) -> None:
        self.page = page
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:  # the name http.server calls
        body = self.page.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(page: Path) -> Iterator[str]:
    handler = functools.partial(OnePageHandler, page=page)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def build_redoc(spec: Path, out: Path, work: Path, name: str) -> None:
    redocly = AUDIT_DIR / "node_modules" / ".bin" / "redocly"
    result = run(
        [str(redocly), "build-docs", str(spec), "-o", str(out)],
        cwd=work,
        env=child_env([], work / "tmp"),
        log_dir=work / "logs",
        name=f"redocly-{name}",
    )
    print(f"redocly build-docs {spec.name}: {result.wall_s:.1f} s, exit {result.returncode}")
    if result.returncode != 0:
        sys.exit(result.stderr[-2000:])


def audit(jobs: list[dict[str, Any]], work: Path) -> list[dict[str, Any]]:
    if not (AUDIT_DIR / "node_modules").is_dir():
        sys.exit(f"run `npm install` in {AUDIT_DIR} first")
    jobs_file, out_file = work / "jobs.json", work / "audit.json"
    jobs_file.write_text(json.dumps(jobs), "utf-8")
    subprocess.run(
        ["node", str(AUDIT_DIR / "audit.mjs"), str(jobs_file), str(out_file)], check=True
    )
    return json.loads(out_file.read_text("utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page", action="append", help="NAME=SPEC[:OPTION=VALUE;...]")
    parser.add_argument("--spec", action="append", default=[], help="NAME=PATH (adds or replaces)")
    parser.add_argument("--themes", nargs="+", default=list(THEMES))
    parser.add_argument("--widths", nargs="+", type=int, default=[1280, 390])
    parser.add_argument("--screenshots", type=Path, help="folder for screenshots")
    parser.add_argument("--focus", help="CSS selector to scroll to before each screenshot")
    parser.add_argument(
        "--redocly", action="append", default=[], help="NAME=SPEC:LINK, Redoc's page to shoot"
    )
    parser.add_argument("--no-axe", action="store_true")
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--workdir", type=Path, help="keep the projects here")
    parser.add_argument("--json", type=Path, help="write every measurement here")
    args = parser.parse_args()

    specs = dict(SPECS)
    for item in args.spec:
        name, _, path = item.partition("=")
        specs[name] = Path(path).resolve()
    pages = [parse_page(p) for p in args.page or DEFAULT_PAGES]
    missing = sorted({spec for _, spec, _ in pages if not specs.get(spec, Path()).is_file()})
    if missing:
        sys.exit(f"spec not found: {', '.join(missing)}")
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-pages-"))
    if args.screenshots:
        args.screenshots.mkdir(parents=True, exist_ok=True)

    jobs: list[dict[str, Any]] = []
    for theme in args.themes:
        project = work / theme
        shutil.rmtree(project, ignore_errors=True)
        write_project(project, theme, pages, specs)
        result = run(
            sphinx_cmd(args.python, project, project / "_build"),
            cwd=project,
            env=child_env([], work / "tmp"),
            log_dir=work / "logs",
            name=theme,
        )
        if result.returncode != 0:
            print(f"{theme}: build failed: {crash_summary(result.stderr)}")
            continue
        for name in ["plain"] + [name for name, _, _ in pages]:
            jobs.append(
                {
                    "name": f"{theme}-{name}",
                    "theme": theme,
                    "page": name,
                    "file": str(project / "_build" / f"{name}.html"),
                    "widths": args.widths,
                    "axe": not args.no_axe,
                    "open_folds": True,
                    "screenshot_dir": str(args.screenshots) if args.screenshots else None,
                    "screenshot_selector": args.focus,
                }
            )
    redoc_pages = []
    for item in args.redocly:
        name, _, rest = item.partition("=")
        spec, _, link = rest.partition(":")
        out = work / f"redoc-{name}.html"
        build_redoc(specs[spec], out, work, name)
        redoc_pages.append((name, out, link))
    with contextlib.ExitStack() as stack:
        for name, out, link in redoc_pages:
            jobs.append(
                {
                    "name": f"redoc-{name}",
                    "url": stack.enter_context(serve(out)),
                    "redoc_link": link,
                    "widths": args.widths,
                    "screenshot_dir": str(args.screenshots or work),
                }
            )
        results = audit(jobs, work)
    results = [r for r in results if not r["name"].startswith("redoc-")]
    plain = {
        (r["name"].rsplit("-plain", 1)[0], r["width"]): r
        for r in results
        if r["name"].endswith("-plain")
    }

    rows = []
    totals: Counter[str] = Counter()
    for r in results:
        if r["name"].endswith("-plain"):
            continue
        theme = next(t for t in args.themes if r["name"].startswith(t + "-"))
        layout = r["layout"]
        base = serious_rules(plain[(theme, r["width"])]["axe"])
        added = {k: v for k, v in serious_rules(r["axe"]).items() if k not in base}
        unnamed = [s for s in layout["scrollers"] if not (s["focusable"] and s["named"])]
        r["added_serious"] = added
        totals["tables too wide"] += len(layout["tablesTooWide"])
        totals["pages scrolling sideways"] += layout["pageScrollsSideways"]
        totals["unlabelled scrollers"] += len(unnamed)
        totals["added serious rules"] += len(added)
        rows.append(
            [
                r["name"],
                str(r["width"]),
                f"{len(layout['tablesTooWide'])}/{layout['tables']}",
                "yes" if layout["pageScrollsSideways"] else "no",
                f"{len(unnamed)}/{len(layout['scrollers'])}",
                ", ".join(f"{k} ({v})" for k, v in added.items()) or "-",
            ]
        )
    print(load_note())
    print(
        format_table(
            rows,
            [
                "page",
                "px",
                "tables too wide",
                "page scrolls sideways",
                "scrollers unlabelled",
                "axe serious/critical added",
            ],
        )
    )
    print("totals:", dict(totals))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), "utf-8")
    if not args.workdir:
        print(f"projects kept in {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
