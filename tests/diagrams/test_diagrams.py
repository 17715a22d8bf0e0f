"""Diagrams: Mermaid source drawn from specs, escaped, and rendered by each builder.

Snapshots of the Mermaid text are in ``tests/snapshots/diagrams/``; regenerate them
with ``APIDOCS_UPDATE_SNAPSHOTS=1 pytest tests/diagrams/test_diagrams.py`` and read the diff.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import stat
import sys
from pathlib import Path

import pytest

from sphinxext_apidocs.diagrams import mermaid
from sphinxext_apidocs.spec.model import ApiSpec, Callback, Link, Location, Operation, Response, Tag
from sphinxext_apidocs.spec.normalize import load_spec

from .. import mermaid_check
from ..helpers import ROOTS, apidocs_warnings, build, copy_root, other_warnings

ROOT = ROOTS / "test-diagrams"
SNAPSHOTS = Path(__file__).parents[1] / "snapshots" / "diagrams"
HOSTILE = "a\"b'c#d;e<f>g&h%%i|j`k\nl\r\nm\u2028n[o]{p}(q)\u202er-->s end"


def _spec(path: Path = ROOT / "hooks.yaml") -> ApiSpec:
    spec = load_spec(path.resolve(), path.parent.resolve())[0]
    assert spec is not None
    return spec


def _url(op: Operation) -> str:
    return f"api.html#{op.operation_id or 'op'}"


def _all_kinds(spec: ApiSpec, words: mermaid.Words = mermaid.ENGLISH) -> dict[str, str]:
    out = {
        "overview": mermaid.overview(spec, spec.operations, operation_url=_url, words=words).source,
        "overview-collapsed": mermaid.overview(
            spec,
            spec.operations,
            max_operations=2,
            tag_url=lambda t: "api.html#tag",
            words=words,
        ).source,
        "overview-tags": mermaid.overview(
            spec, spec.operations, tags=["end", "users"], words=words
        ).source,
    }
    for op in spec.operations:
        if op.operation_id in ("subscribe", "getSubscription"):
            out[f"sequence-{op.operation_id}"] = mermaid.sequence(spec, op, words=words).source
    drawn = mermaid.links(spec, spec.operations, operation_url=_url, words=words)
    assert drawn is not None
    out["links"] = drawn.source
    hooks = mermaid.webhooks(spec, words=words)
    assert hooks is not None
    out["webhooks"] = hooks.source
    return out


# -- escaping ---------------------------------------------------------------------


def test_label_escapes_everything_that_could_end_a_label_or_start_a_statement() -> None:
    text = mermaid.label(HOSTILE, limit=200)
    for raw in ('"', "#", ";", "<", ">", "&", "%", "|", "`", "\n", "\r", "\u2028", "\u202e"):
        assert raw not in re.sub(r"#\d+;", "", text), raw
    assert text.startswith("a#34;b'c#35;d#59;e#60;f#62;g#38;h#37;#37;i#124;j#96;k l m n[o]{p}(q)")
    # line breaks of any kind become spaces, bidi controls go, the rest stays readable
    assert text.endswith("r--#62;s end")


def test_label_cuts_long_text() -> None:
    assert mermaid.label("x" * 100, limit=10) == "x" * 9 + "#8230;"


def test_plain_text_for_accessible_title_has_no_codes_or_separators() -> None:
    text = mermaid.plain(HOSTILE)
    assert not set(text) & set('"#;<>&%|`\n\r')
    assert text.startswith("a b'c d e f g h i j k l m n[o]{p}(q)")


@pytest.mark.parametrize(
    ("expression", "words"),
    [
        ("$request.body#/callbackUrl", "the request body field callbackUrl"),
        ("$request.body#/a~1b/c", "the request body field a/b c"),
        ("$request.query.url", "the request query parameter url"),
        ("$request.header.X-Hook", "the request header X-Hook"),
        ("$response.body", "the response body"),
        ("$url", "the request URL"),
        ("$statusCode", "the response status"),
        ("no expression", "no expression"),
    ],
)
def test_runtime_expressions_in_words(expression: str, words: str) -> None:
    assert mermaid.describe_expression(expression) == words


def test_callback_conditions() -> None:
    def cb(expression: str) -> Callback:
        return Callback("c", expression, ())

    assert mermaid.callback_condition(cb("{$request.body#/url}")) == (
        "to the URL in the request body field url"
    )
    assert mermaid.callback_condition(cb("https://x.test/h?id={$request.query.id}")) == (
        "to https://x.test/h?id={$request.query.id}, "
        "with {$request.query.id} = the request query parameter id"
    )
    assert mermaid.callback_condition(cb("https://x.test/fixed")) == "to https://x.test/fixed"


def test_link_targets_by_operation_id_and_operation_ref() -> None:
    spec = _spec()
    loc = Location("x")
    assert mermaid.link_target(spec, Link("a", loc, operation_id="unsubscribe")) is not None
    by_ref = mermaid.link_target(
        spec, Link("b", loc, operation_ref="#/paths/~1subscriptions~1%7Bid%7D/delete")
    )
    assert by_ref is not None and by_ref.operation_id == "unsubscribe"
    assert mermaid.link_target(spec, Link("c", loc, operation_id="nope")) is None
    assert mermaid.link_target(spec, Link("d", loc, operation_ref="other.yaml#/x")) is None


# -- the Mermaid text ---------------------------------------------------------------

# Every line this module writes, by shape.  A quote, line break or ``;`` from the spec
# that escaped would make a line that fits none of them.
LABEL = r'(?:[^"\n;<>#]|#\d+;|<br/>)*'
TEXT = r"(?:[^\n;<>#]|#\d+;|<br/>)*"
LINE_SHAPES = [
    r"flowchart (?:LR|TB)",
    r"sequenceDiagram",
    r"  accTitle: [^#;<>&\"%|`]*",
    r"  accDescr: [^#;<>&\"%|`]*",
    rf'  api\(\["{LABEL}"\]\)',
    rf'  (?:api|t\d+) --> (?:t\d+|o\d+|more)\["{LABEL}"\]',
    rf'  [otm]\d+\["{LABEL}"\]',
    rf'  subgraph api\["{LABEL}"\]',
    r"    direction TB",
    rf'    (?:t\d+|more)\["{LABEL}"\]',
    r"    (?:t\d+|more)(?: ~~~ (?:t\d+|more))+",
    rf'  o\d+ -->\|"{LABEL}"\| [om]\d+',
    rf'  click [ot]\d+ href "[^"\s]*" "{LABEL}"',
    r"  class [om]\d+ (?:deprecated|missing)",
    r"  classDef (?:deprecated|missing) stroke-dasharray: 4 3",
    rf"  participant [CARS] as {TEXT}",
    rf"  (?:  )?[CARS]-?->>[CARS]: {TEXT}",
    rf"  (?:  )?(?:alt|else) {TEXT}",
    r"  (?:  )?end",
    rf"  Note over [CARS],[CARS]: {TEXT}",
]


def _check_lines(source: str) -> None:
    for line in source.splitlines():
        assert any(re.fullmatch(shape, line) for shape in LINE_SHAPES), line


def test_snapshots_of_each_kind() -> None:
    for name, source in _all_kinds(_spec()).items():
        _check_lines(source)
        path = SNAPSHOTS / f"{name}.mmd"
        if os.environ.get("APIDOCS_UPDATE_SNAPSHOTS"):
            path.parent.mkdir(exist_ok=True)
            path.write_text(source)
        assert path.exists(), f"no snapshot {name}; run with APIDOCS_UPDATE_SNAPSHOTS=1"
        assert source == path.read_text(), name


def test_the_diagrams_words_come_from_the_caller_escaped_like_spec_text() -> None:
    """A translation (the caller's ``gettext`` / ``ngettext``, and ``prose`` for the
    spec's summaries and descriptions) reaches every kind of diagram, and can no more
    end a label or start a statement than spec text can; Mermaid's keywords stay."""
    hostile = HOSTILE.replace("{", "(").replace("}", ")")  # no placeholder of its own
    words = mermaid.Words(
        gettext=lambda message: "Ü" + hostile + message,
        ngettext=lambda singular, plural, n: "Ü" + hostile + (singular if n == 1 else plural),
        prose=lambda text: "Ö" + hostile,
    )
    english = _all_kinds(_spec())
    for name, source in _all_kinds(_spec(), words).items():
        _check_lines(source)
        assert "Ü" in source, name
        assert source.splitlines()[0] == english[name].splitlines()[0]  # flowchart / sequence
    sequence = _all_kinds(_spec(), words)["sequence-subscribe"]
    assert "participant C as Üa#34;b" in sequence and "s endClient" in sequence
    assert "Ö" in sequence  # the operation's summary through prose
    assert "Ö" in _all_kinds(_spec(), words)["overview"]


def test_circular_links_are_drawn_once_each() -> None:
    source = _all_kinds(_spec())["links"]
    edges = [line for line in source.splitlines() if " -->|" in line]
    # six links, a self-link and a cycle among them: one edge each, one node per operation
    assert len(edges) == 6
    assert any(re.fullmatch(r'  (o\d+) -->\|"200#58; self.*"\| \1', e) for e in edges)
    assert len(re.findall(r'^  o\d+\["', source, re.MULTILINE)) == 3
    # a link whose operationId names nothing is a dashed node saying so
    assert "noSuchOperation<br/>not an operation of this API" in source


def _many_operations(n: int, tags: int) -> ApiSpec:
    ops = tuple(
        Operation(
            "get",
            f"/r{i}",
            Location("x", f"/paths/{i}"),
            operation_id=f"op{i}",
            tags=(f"tag{i % tags}",),
        )
        for i in range(n)
    )
    return ApiSpec(
        "x", "3.1.0", "Big", "1", tags=tuple(Tag(f"tag{t}") for t in range(tags)), operations=ops
    )


def test_a_large_overview_draws_tags_with_counts_and_says_so() -> None:
    spec = _many_operations(1223, 50)
    drawn = mermaid.overview(spec, spec.operations, max_operations=40)
    _check_lines(drawn.source)
    assert not re.search(r"^ +o\d+", drawn.source, re.MULTILINE)  # no operation nodes
    assert len(re.findall(r"^    t\d+\[", drawn.source, re.MULTILINE)) == 40
    # six columns of tags, made by invisible links
    assert len(re.findall(r"^    t\d+(?: ~~~ \w+)+$", drawn.source, re.MULTILINE)) == 6
    assert "tag0<br/>25 operations" in drawn.source
    assert "10 more groups<br/>240 operations" in drawn.source
    assert drawn.note is not None and "1,223 operations in 50 groups" in drawn.note
    assert "only the first 40 tags" in drawn.note
    # one tag is small enough to draw operation by operation
    one = mermaid.overview(spec, spec.operations, tags=["tag1"], max_operations=40)
    assert len(re.findall(r"^  t1 --> o\d+", one.source, re.MULTILINE)) == 25
    assert one.note is None


def test_a_large_links_diagram_stops_and_says_so() -> None:
    loc = Location("x")
    ops = tuple(
        Operation(
            "get",
            f"/r{i}",
            Location("x", f"/paths/{i}"),
            operation_id=f"op{i}",
            responses=(
                Response("200", loc, links=(Link("next", loc, operation_id=f"op{i + 1}"),)),
            ),
        )
        for i in range(100)
    )
    spec = ApiSpec("x", "3.1.0", "Chain", "1", operations=ops)
    drawn = mermaid.links(spec, spec.operations, max_operations=10)
    assert drawn is not None and drawn.note is not None
    assert len(re.findall(r"^  o\d+\[", drawn.source, re.MULTILINE)) == 10
    assert drawn.note.startswith("91 links of 100 not drawn")


# -- Mermaid's own parser -----------------------------------------------------------


def _test_specs() -> list[Path]:
    tests = Path(__file__).parents[1]
    return sorted(
        p
        for p in tests.rglob("*")
        if p.suffix in (".yaml", ".yml", ".json")
        and "snapshots" not in p.parts
        and p.name != "conf.py"
        and p.stat().st_size < 1_000_000
    )


def _every_diagram_of(spec: ApiSpec) -> list[str]:
    out = [mermaid.overview(spec, spec.operations, operation_url=_url).source]
    out += [
        mermaid.sequence(spec, op).source
        for op in spec.operations + spec.webhooks
        if op.callbacks or op.responses
    ]
    for drawn in (mermaid.links(spec, spec.operations), mermaid.webhooks(spec)):
        if drawn is not None:
            out.append(drawn.source)
    return out


def test_mermaid_parses_every_diagram_of_the_test_specs() -> None:
    sources: list[str] = [p.read_text() for p in sorted(SNAPSHOTS.glob("*.mmd"))]
    sources.append(mermaid.overview(_many_operations(1223, 50), [], max_operations=40).source)
    for path in _test_specs():
        spec = load_spec(path.resolve(), path.parent.resolve())[0]
        if spec is not None:  # not every data file under tests/ is a spec
            sources.extend(_every_diagram_of(spec))
    try:
        results = mermaid_check.parse(sources)
    except mermaid_check.ParserUnavailable as exc:
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail(f"CI must run Mermaid's parser: {exc}", pytrace=False)
        pytest.skip(str(exc))
    failures = [(s, r) for s, r in zip(sources, results, strict=True) if r is not None]
    assert not failures, failures[:3]
    assert len(sources) > 60  # 69 when written: every spec under tests/ contributed


# -- in a Sphinx build -------------------------------------------------------------------


def _build(make_app, tmp_path: Path, builder: str = "html", **overrides: object):
    return build(make_app, copy_root(ROOT.name, tmp_path), builder, confoverrides=overrides)


def _mermaid_blocks(page: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(r'<pre\s+class="mermaid">(.*?)</pre>', page, re.S)]


EXPECTED_WARNINGS = [
    (
        "diagrams.rst:38",
        "option",
        "a sequence diagram needs :operation: (operationId or METHOD /path)",
    ),
    (
        "diagrams.rst:42",
        "unknown-operation",
        "no operation 'subscrbe' in spec 'hooks'; did you mean 'subscribe'?",
    ),
    ("diagrams.rst:46", "filter", ":tags: the spec has no tag 'user'; did you mean 'users'?"),
    ("diagrams.rst:50", "option", ":operation: is for sequence diagrams; ignored by webhooks"),
    ("diagrams.rst:55", "diagram", "nothing to draw: spec 'plain' declares no response links"),
]


def test_html_draws_every_kind_and_links_to_rendered_operations(make_app, tmp_path: Path) -> None:
    app = _build(make_app, tmp_path)
    warnings = [
        (w["location"].rsplit("/", 1)[-1], w["subtype"], w["message"])
        for w in apidocs_warnings(app.warning.getvalue())
        if w["subtype"] != "html"  # the spec's own unsafe HTML, reported by the renderer
    ]
    assert warnings == EXPECTED_WARNINGS
    assert not other_warnings(app.warning.getvalue())
    out = Path(app.outdir)
    page = (out / "diagrams.html").read_text()
    blocks = _mermaid_blocks(page)
    kinds = [b.split("\n", 2)[1].strip() for b in (b.strip() for b in blocks)]
    # overview, two tags', two sequences, webhooks, and two drawn despite a mistake
    assert len(blocks) == 7, kinds
    assert 'click o1 href "api.html#subscribe" "POST /subscriptions"' in blocks[0]
    assert 'click t1 href "api.html#tag-subs-beta-x"' in blocks[0]
    assert blocks[2].strip().startswith("sequenceDiagram")
    assert "participant R as Callback receiver" in blocks[2]
    assert "GET /subscriptions/{id}" in blocks[3]
    assert "participant S as Your server" in blocks[4]
    # the MyST page's links diagram links back to the API page
    myst = _mermaid_blocks((out / "myst.html").read_text())
    assert len(myst) == 1 and "-->|" in myst[0] and 'href "api.html#getSubscription"' in myst[0]
    # an operation with callbacks draws its sequence itself
    api = (out / "api.html").read_text()
    assert len(_mermaid_blocks(api)) == 1
    assert "Call sequence" in api
    # Mermaid runs with the strict security level
    assert '"securityLevel": "strict"' in page


def test_no_spec_text_becomes_markup(make_app, tmp_path: Path) -> None:
    app = _build(make_app, tmp_path)
    for page in Path(app.outdir).glob("*.html"):
        text = page.read_text()
        assert "<script>alert" not in text and "<img src=x" not in text, page.name
        assert "onerror=" not in text.replace("onerror=alert", "") or "&lt;img" in text
        for block in _mermaid_blocks(text):
            _check_lines(block.strip("\n").replace("\n        ", "\n").strip() + "\n")


def test_callback_diagrams_can_be_turned_off(make_app, tmp_path: Path) -> None:
    app = _build(make_app, tmp_path, apidocs_diagrams=False)
    api = (Path(app.outdir) / "api.html").read_text()
    assert not _mermaid_blocks(api) and "Call sequence" not in api
    # api-diagram still draws
    assert len(_mermaid_blocks((Path(app.outdir) / "diagrams.html").read_text())) == 7


def test_latex_without_the_mermaid_cli_shows_the_source_and_warns_once(
    make_app, tmp_path: Path
) -> None:
    app = _build(make_app, tmp_path, "latex", mermaid_cmd="no-such-mmdc-here")
    found = [w for w in apidocs_warnings(app.warning.getvalue()) if w["subtype"] == "diagram"]
    assert [w["message"] for w in found if "Mermaid CLI" in w["message"]] == [
        "the Mermaid CLI (mermaid_cmd = 'no-such-mmdc-here') was not found, so the diagrams of "
        "this build are shown as Mermaid source; install @mermaid-js/mermaid-cli to draw them "
        "(see the diagrams page of the manual)"
    ]
    tex = next(Path(app.outdir).glob("*.tex")).read_text()
    assert tex.count("Diagram (Mermaid source)") == 9  # 7 + the MyST page's + the callback's
    assert "sequenceDiagram" in tex and "mermaid-" not in tex


def test_one_application_building_twice_warns_of_the_missing_cli_in_each_build(
    make_app, tmp_path: Path
) -> None:
    """What the Mermaid CLI can do is found out per build: the second build of the same
    application warns again (it rewrites the pages, whose kept warning it replaces)."""
    app = _build(make_app, tmp_path, "latex", mermaid_cmd="no-such-mmdc-here")
    first = app.warning.getvalue()
    app.warning.seek(0)
    app.warning.truncate()
    app.build()
    for log in (first, app.warning.getvalue()):
        found = [w for w in apidocs_warnings(log) if w["subtype"] == "diagram"]
        assert len([w for w in found if "no-such-mmdc-here" in w["message"]]) == 1, log


def test_latex_with_the_mermaid_cli_includes_pictures(make_app, tmp_path: Path) -> None:
    """A stand-in for ``mmdc`` that writes the file it is asked for: the diagrams become
    pictures, and nothing is said about a missing CLI."""
    fake = tmp_path / "fake-mmdc"
    fake.write_text(
        f"#!{sys.executable}\n"
        "import sys\n"
        "out = sys.argv[sys.argv.index('-o') + 1]\n"
        "source = open(sys.argv[sys.argv.index('-i') + 1]).read()\n"
        "assert source.startswith(('flowchart', 'sequenceDiagram'))\n"
        "open(out, 'wb').write(b'%PDF-1.4 stand-in')\n"
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    app = _build(make_app, tmp_path, "latex", mermaid_cmd=str(fake))
    assert not [
        w for w in apidocs_warnings(app.warning.getvalue()) if "Mermaid CLI" in w["message"]
    ]
    assert not other_warnings(app.warning.getvalue())
    tex = next(Path(app.outdir).glob("*.tex")).read_text()
    assert "Diagram (Mermaid source)" not in tex
    assert len(re.findall(r"\\sphinxincludegraphics\{mermaid-[0-9a-f]+\.pdf\}", tex)) == 9


def test_text_output_shows_the_source(make_app, tmp_path: Path) -> None:
    app = _build(make_app, tmp_path, "text")
    text = (Path(app.outdir) / "diagrams.txt").read_text()
    assert "**Diagram (Mermaid source)**: Overview of Hooks" in text
    assert not [
        w for w in apidocs_warnings(app.warning.getvalue()) if "Mermaid CLI" in w["message"]
    ]


def test_parallel_build_draws_the_same_diagrams(make_app, tmp_path: Path) -> None:
    pages = {}
    for jobs in (1, 2):
        src = tmp_path / f"src{jobs}"
        shutil.copytree(ROOT, src)
        app = build(make_app, src, parallel=jobs)
        pages[jobs] = [
            _mermaid_blocks((Path(app.outdir) / f"{name}.html").read_text())
            for name in ("api", "diagrams", "myst")
        ]
    assert pages[1] == pages[2]


def test_links_follow_an_operation_that_moved_to_another_page(make_app, tmp_path: Path) -> None:
    """diagrams.rst is not edited, but its overview links to where ``subscribe`` is now."""
    app = _build(make_app, tmp_path)
    before = _mermaid_blocks((Path(app.outdir) / "diagrams.html").read_text())[0]
    assert 'href "api.html#subscribe"' in before
    src = Path(app.srcdir)
    (src / "api.rst").write_text("API\n===\n\n.. api-spec:: hooks\n   :no-index:\n")
    with (src / "index.rst").open("a") as index:
        index.write("\n.. api-endpoint:: subscribe\n   :spec: hooks\n")
    again = build(make_app, src)
    after = _mermaid_blocks((Path(again.outdir) / "diagrams.html").read_text())[0]
    assert 'href "index.html#subscribe"' in after and "api.html" not in after
    # getSubscription is documented nowhere now: no link, still drawn
    assert "click o2 href" not in after and "GET /subscriptions/{id}" in after


def test_latex_with_a_mermaid_cli_that_fails_shows_the_source(make_app, tmp_path: Path) -> None:
    """``mmdc`` installed but unable to start its browser (as root without a Puppeteer
    configuration): tried once, then the source and one warning saying why."""
    fake = tmp_path / "broken-mmdc"
    fake.write_text(
        f"#!{sys.executable}\nimport sys\n"
        "sys.stderr.write('Error: Failed to launch the browser process!\\n')\nsys.exit(1)\n"
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    app = _build(make_app, tmp_path, "latex", mermaid_cmd=str(fake))
    found = [
        w["message"] for w in apidocs_warnings(app.warning.getvalue()) if "CLI" in w["message"]
    ]
    assert found == [
        "the Mermaid CLI failed on a test diagram (Error: Failed to launch the browser "
        "process!), so the diagrams of this build are shown as Mermaid source; install "
        "@mermaid-js/mermaid-cli to draw them (see the diagrams page of the manual)"
    ]
    assert not other_warnings(app.warning.getvalue())
    tex = next(Path(app.outdir).glob("*.tex")).read_text()
    assert tex.count("Diagram (Mermaid source)") == 9


# -- found in review: each once a defect ---------------------------------------------------


def _one_op_spec(**fields: object) -> ApiSpec:
    loc = Location("x", "/paths/~1a/get")
    op = Operation("get", "/a", loc, operation_id="a", **fields)  # type: ignore[arg-type]
    return ApiSpec("x", "3.1.0", "T", "1", operations=(op,))


def test_maths_icons_and_empty_labels_are_text() -> None:
    spec = _one_op_spec(summary="Price $$x^2$$ in fa:fa-skull \u200b", tags=("\u200b",))
    source = mermaid.overview(spec, spec.operations).source
    assert "$" not in source and "fa:fa" not in source
    assert "#36;#36;x#94;2#36;#36;" in source and "fa#58;fa-skull" in source
    assert 't1["(unnamed)"]' in source  # a tag name of nothing but a zero-width space


def test_a_self_link_first_draws_its_operation_once() -> None:
    loc = Location("x", "/paths/~1items/get")
    op = Operation(
        "get",
        "/items",
        loc,
        operation_id="list",
        responses=(
            Response(
                "200",
                loc,
                links=(
                    Link(
                        "next",
                        loc,
                        operation_id="list",
                        parameters=(("page", 2), ("all", True), ("q", None)),
                    ),
                ),
            ),
        ),
    )
    spec = ApiSpec("x", "3.1.0", "T", "1", operations=(op,))
    drawn = mermaid.links(spec, spec.operations)
    assert drawn is not None
    assert re.findall(r"^  o\d+\[", drawn.source, re.MULTILINE) == ["  o1["]
    assert '  o1 -->|"200#58; next<br/>page = 2<br/>all = true<br/>q = null"| o1' in drawn.source


def test_a_webhook_sequence_goes_from_the_api_to_your_server() -> None:
    spec = _spec()
    hook = spec.webhooks[-1]
    source = mermaid.sequence(spec, hook).source
    assert "participant S as Your server" in source and "A->>S: POST cancelled" in source
    assert "C->>" not in source


def test_diagrams_mermaid_would_refuse_are_capped_or_replaced() -> None:
    loc = Location("x")
    many_callbacks = tuple(
        Callback(
            f"cb{i}",
            "{$request.body#/url}",
            (Operation("post", "{$request.body#/url}", loc, kind="callback"),),
        )
        for i in range(300)
    )
    spec = _one_op_spec(callbacks=many_callbacks)
    drawn = mermaid.sequence(spec, spec.operations[0])
    assert drawn.note == "290 of 300 callbacks not drawn."
    assert drawn.source.count("Note over A,R") == 10
    # long escaped labels (emoji: 9 characters each) past Mermaid's limit
    emoji = "\U0001f600" * 80
    ops = tuple(
        Operation("get", f"/{emoji}{i}", Location("x", f"/p/{i}"), summary=emoji, tags=("t",))
        for i in range(100)
    )
    big = ApiSpec("x", "3.1.0", "T", "1", operations=ops)
    fitted = mermaid.overview(big, big.operations, max_operations=100)
    assert len(fitted.source) <= mermaid.MAX_SOURCE and 'x["Too large to draw"]' in fitted.source
    assert fitted.note is not None and fitted.note.startswith("The diagram's Mermaid text would be")
    # 30 operations with 25 links each: at most 3 x 40 edges
    linked = tuple(
        Operation(
            "get",
            f"/n{i}",
            Location("x", f"/n/{i}"),
            operation_id=f"n{i}",
            responses=(
                Response(
                    "200",
                    loc,
                    links=tuple(Link(f"l{j}", loc, operation_id=f"n{j}") for j in range(25)),
                ),
            ),
        )
        for i in range(30)
    )
    graph = ApiSpec("x", "3.1.0", "T", "1", operations=linked)
    edges = mermaid.links(graph, graph.operations)
    assert edges is not None and edges.source.count(" -->|") == 120
    assert edges.note is not None and edges.note.startswith("630 links of 750 not drawn")


def test_one_large_tag_draws_its_first_operations_and_says_so() -> None:
    spec = _many_operations(400, 2)
    drawn = mermaid.overview(spec, spec.operations, tags=["tag0"], max_operations=40)
    assert len(re.findall(r"^  t1 --> o\d+", drawn.source, re.MULTILINE)) == 40
    assert '  t1 --> more["… 160 more operations"]' in drawn.source
    assert (
        drawn.note
        == "The first 40 of 200 operations are drawn (apidocs_diagram_max_operations = 40)."
    )


def test_singlehtml_links_point_into_the_one_page(make_app, tmp_path: Path) -> None:
    app = _build(make_app, tmp_path, "singlehtml")
    page = next(Path(app.outdir).glob("*.html")).read_text()
    overview = next(b for b in _mermaid_blocks(page) if "accTitle: Overview" in b)
    assert 'click o1 href "#subscribe"' in overview


def test_alt_text_is_plain_in_png_and_svg_output(make_app, tmp_path: Path) -> None:
    """sphinxcontrib-mermaid writes ``alt`` into the page as it is."""
    fake = tmp_path / "fake-mmdc"
    fake.write_text(
        f"#!{sys.executable}\nimport sys\n"
        "open(sys.argv[sys.argv.index('-o') + 1], 'w').write('<svg/>')\n"
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    app = _build(make_app, tmp_path, mermaid_output_format="svg", mermaid_cmd=str(fake))
    for page in Path(app.outdir).glob("*.html"):
        assert "<script>alert" not in page.read_text(), page.name


def test_unknown_kind_is_an_apidocs_warning(make_app, tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    with (src / "diagrams.rst").open("a") as page:
        page.write(
            "\n.. api-diagram:: hooks\n   :kind: flow\n\n.. api-diagram:: hooks\n   :kind: webhooks\n   :tags: users\n"
        )
    app = build(make_app, src)
    messages = [w["message"] for w in apidocs_warnings(app.warning.getvalue())]
    assert (
        ":kind: 'flow' is not one of overview, sequence, links, webhooks; did you mean 'overview'?"
        in messages
        or any(m.startswith(":kind: 'flow' is not one of") for m in messages)
    )
    assert ":tags: is for overview and links diagrams; ignored by webhooks" in messages
    assert not other_warnings(app.warning.getvalue())
