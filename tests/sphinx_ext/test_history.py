"""``apidocs_spec_history``: earlier versions from files or from git, and ``apicheck``'s
``breaking-change`` rule between the newest of them and the current spec."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

from sphinx.testing.util import SphinxTestApp

from sphinxext_apidocs.changes.diff import diff
from sphinxext_apidocs.spec.normalize import load_spec

from ..helpers import SPECS, apidocs_warnings, write_files

OLD = (SPECS / "changes-old.yaml").read_text(encoding="utf-8")
NEW = (SPECS / "changes-new.yaml").read_text(encoding="utf-8")


def project(tmp_path: Path, history: list[str], files: dict[str, str], index: str = "") -> Path:
    src = tmp_path / "src"
    conf = (
        'extensions = ["sphinxext_apidocs"]\n'
        'apidocs_specs = {"api": "api.yaml"}\n'
        f'apidocs_spec_history = {{"api": {history!r}}}\n'
    )
    write_files(src, {"conf.py": conf, "index.rst": index or "Home\n====\n", **files})
    return src


def apicheck(src: Path, **overrides: Any) -> tuple[SphinxTestApp, list[dict[str, Any]]]:
    app = SphinxTestApp("apicheck", srcdir=src, confoverrides=overrides)
    try:
        app.build()
    finally:
        app.cleanup()
    report = json.loads((Path(app.outdir) / "apicheck.json").read_text(encoding="utf-8"))
    return app, [f for f in report["findings"] if f["rule"] == "breaking-change"]


def breaking_count() -> int:
    old, _, _ = load_spec(str(SPECS / "changes-old.yaml"), str(SPECS))
    new, _, _ = load_spec(str(SPECS / "changes-new.yaml"), str(SPECS))
    assert old is not None and new is not None
    return sum(c.breaking for c in diff(old, new))


def test_each_breaking_change_is_an_apicheck_error_at_its_place(tmp_path: Path) -> None:
    src = project(tmp_path, ["history/v1.yaml"], {"history/v1.yaml": OLD, "api.yaml": NEW})
    app, found = apicheck(src)
    assert app.statuscode == 1
    assert len(found) == breaking_count()
    assert {f["severity"] for f in found} == {"error"}
    by_pointer = {f["locations"][0]["pointer"]: f for f in found}
    removed = by_pointer["/paths/~1legacy/get"]  # where it was: in the old version
    assert removed["locations"][0]["file"] == "history/v1.yaml"
    assert removed["locations"][0]["line"] == OLD.splitlines().index("  /legacy:") + 2
    assert "GET /legacy: operation removed (breaks clients of 1.0)" in removed["message"]
    required = by_pointer["/paths/~1pets/get/parameters/0"]  # where it is now
    assert required["locations"][0]["file"] == "api.yaml"
    assert "query parameter `limit` became required" in required["message"]


def test_x_apicheck_ignore_and_the_baseline_accept_a_breaking_change(tmp_path: Path) -> None:
    accepted = NEW.replace(
        "      operationId: listPets\n",
        "      operationId: listPets\n      x-apicheck-ignore: [breaking-change]\n",
    )
    src = project(tmp_path, ["history/v1.yaml"], {"history/v1.yaml": OLD, "api.yaml": accepted})
    _app, found = apicheck(src)
    ignored = {f["locations"][0]["pointer"] for f in found if f["status"] == "ignored"}
    assert ignored and all(p.startswith("/paths/~1pets/get/") for p in ignored)
    assert all(f["status"] == "open" for f in found if f["locations"][0]["pointer"] not in ignored)
    # the rest, accepted in the baseline the check offers
    baseline = src / "_build" / "apicheck.baseline.json"
    (src / "baseline.json").write_text(
        (Path(_app.outdir) / "apicheck.baseline.json").read_text(encoding="utf-8")
    )
    assert not baseline.exists()
    app, found = apicheck(src, apidocs_check_baseline="baseline.json")
    assert app.statuscode == 0
    assert {f["status"] for f in found} == {"baselined", "ignored"}


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def test_a_git_revision_is_an_earlier_version(tmp_path: Path) -> None:
    src = project(tmp_path, ["git:HEAD:api.yaml"], {"api.yaml": OLD})
    git(src, "init", "-q")
    git(src, "add", "api.yaml")
    git(src, "commit", "-q", "-m", "v1")
    (src / "api.yaml").write_text(NEW, encoding="utf-8")
    app, found = apicheck(src)
    assert len(found) == breaking_count()
    removed = next(f for f in found if f["locations"][0]["pointer"] == "/paths/~1legacy/get")
    assert removed["locations"][0]["file"] == "git:HEAD:api.yaml"
    assert removed["locations"][0]["line"] >= 1
    assert not apidocs_warnings(app.warning.getvalue())
    assert "(breaks clients of 1.0)" in removed["message"]
    # the same info.version as the current spec: the git entry is named by its revision
    (src / "api.yaml").write_text(NEW.replace('version: "2.0"', 'version: "1.0"'))
    _app, found = apicheck(src)
    assert found and all("(breaks clients of HEAD)" in f["message"] for f in found)


def test_bad_history_entries_warn_and_are_left_out(tmp_path: Path) -> None:
    entries = [
        f"git:--output={tmp_path / 'leak'}:api.yaml",  # an option, never passed to git
        "git:HEAD:../outside.yaml",
        "git:no-such-revision:api.yaml",  # not a repository even
        "history/missing.yaml",
    ]
    src = project(tmp_path, entries, {"api.yaml": NEW})
    history = {"api": entries, "nope": []}
    app, found = apicheck(src, apidocs_spec_history=history)
    assert not found
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    history = [line for line in text.splitlines() if "apidocs_spec_history[" in line]
    assert len(history) == 4, text
    assert "conf.py:3: WARNING:" in history[0]  # at the option's line
    assert "is not a revision name" in history[0]
    assert "not a relative path inside the project" in history[1]
    assert "git show failed" in history[2]
    assert "'history/missing.yaml' is not a usable spec" in history[3]
    assert "apidocs_spec_history: 'nope' is not a spec" in text
    assert "Traceback" not in text
    assert not (tmp_path / "leak").exists()


CHANGELOG = "Changes\n=======\n\n.. api-changelog:: api\n{options}\n.. api-spec:: api\n"
V3 = NEW.replace('version: "2.0"', 'version: "3.0"').replace(
    "      operationId: listToys\n", "      operationId: listToys\n      deprecated: true\n"
)


def changelog_project(tmp_path: Path, options: str = "") -> Path:
    files = {"history/v1.yaml": OLD, "history/v2.yaml": NEW, "api.yaml": V3}
    index = CHANGELOG.format(options=options)
    return project(tmp_path, ["history/v1.yaml", "history/v2.yaml"], files, index)


def build(src: Path, builder: str = "html", **overrides: Any) -> SphinxTestApp:
    app = SphinxTestApp(builder, srcdir=src, confoverrides=overrides)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def test_a_changelog_section_per_version_newest_first_with_links(tmp_path: Path) -> None:
    app = build(changelog_project(tmp_path))
    assert not apidocs_warnings(app.warning.getvalue()), app.warning.getvalue()
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert html.index('id="changes-api-3.0"') < html.index('id="changes-api-2.0"')
    v3 = html[html.index('id="changes-api-3.0"') : html.index('id="changes-api-2.0"')]
    assert "1 changes, 0 breaking." in v3 and "Deprecated" in v3
    assert 'href="#listToys"' in v3  # linked to where the operation is rendered
    v2 = html[html.index('id="changes-api-2.0"') :]
    for heading in ("Added", "Changed", "Deprecated", "Removed"):
        assert f'<p class="apidocs-changelog-kind rubric">{heading}</p>' in v2
    assert v2.count('class="apidocs-breaking"') == breaking_count()
    assert 'href="#listPets"' in v2
    assert "<code" in v2 and "limit</span></code> became required" in v2


def test_since_and_breaking_only(tmp_path: Path) -> None:
    app = build(changelog_project(tmp_path, "   :since: 2.0\n   :breaking-only:\n"))
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert 'id="changes-api-3.0"' in html and 'id="changes-api-2.0"' not in html
    assert "No changes." in html  # 3.0 deprecates an operation: nothing breaking


def test_an_unknown_since_warns_and_shows_every_version(tmp_path: Path) -> None:
    app = build(changelog_project(tmp_path, "   :since: 2.1\n"))
    (warning,) = apidocs_warnings(app.warning.getvalue())
    assert warning["subtype"] == "option" and "did you mean '2.0'" in warning["message"]
    assert warning["location"].endswith("index.rst:4")
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert 'id="changes-api-3.0"' in html and 'id="changes-api-2.0"' in html


def test_without_history_a_warning_and_a_placeholder(tmp_path: Path) -> None:
    src = project(tmp_path, [], {"api.yaml": NEW}, CHANGELOG.format(options=""))
    app = build(src)
    warnings = [w for w in apidocs_warnings(app.warning.getvalue()) if w["subtype"] == "history"]
    assert len(warnings) == 1 and "no earlier version" in warnings[0]["message"]


def test_the_changelog_in_text_and_latex(tmp_path: Path) -> None:
    src = changelog_project(tmp_path)
    text = build(src, "text")
    assert not apidocs_warnings(text.warning.getvalue())
    out = (Path(text.outdir) / "index.txt").read_text(encoding="utf-8")
    assert "Version 3.0" in out and "**breaking**" in out
    latex = build(src, "latex")
    assert not apidocs_warnings(latex.warning.getvalue())
    tex = next(Path(latex.outdir).glob("*.tex")).read_text(encoding="utf-8")
    assert r"{Version 3.0}" in tex and r"\sphinxstylestrong{breaking}" in tex


def test_an_edited_history_file_reads_the_page_again(tmp_path: Path) -> None:
    src = changelog_project(tmp_path)
    first = build(src)
    assert "/gone" not in (Path(first.outdir) / "index.html").read_text(encoding="utf-8")
    v2 = src / "history" / "v2.yaml"
    v2.write_text(
        NEW + "  /gone:\n    get:\n      responses: {'200': {description: ok}}\n",
        encoding="utf-8",
    )
    app = build(src)
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    v3 = html[html.index('id="changes-api-3.0"') : html.index('id="changes-api-2.0"')]
    assert "/gone</span>" in v3 and "operation removed" in v3


def signature(html: str, anchor: str) -> str:
    """The signature of the operation ``anchor``, its text with ``[class]`` before each
    badge."""
    start = html.index(f'id="{anchor}"')
    sig = html[start : html.index("</dt>", start)]
    sig = re.sub(r'<span class="apidocs-flag apidocs-flag-(\w+)">', r"[\1]", sig)
    return re.sub(r"<[^>]+>", "", sig)


def test_operations_show_when_they_came_and_last_changed(tmp_path: Path) -> None:
    app = build(changelog_project(tmp_path))
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    toys = signature(html, "listToys")  # added in 2.0, deprecated in 3.0
    assert "[new]New in 2.0" in toys and "[changed]Changed in 3.0" in toys
    pets = signature(html, "listPets")  # in the oldest version, changed in 2.0
    assert "New in" not in pets and "[changed]Changed in 2.0" in pets
    assert "New in" not in signature(html, "getPet")  # its path parameter renamed
    text = build(changelog_project(tmp_path / "text"), "text")
    assert "New in 2.0" in (Path(text.outdir) / "index.txt").read_text(encoding="utf-8")


def test_schema_fields_show_when_they_came_and_last_changed(tmp_path: Path) -> None:
    app = build(changelog_project(tmp_path))
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    rows = {}  # the text of each schema table row of Pet, by field name
    pet = html[html.index('id="schema-api-Pet"') :]
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", pet[: pet.index("</table>")], re.S):
        text = re.sub(r'<span class="apidocs-flag apidocs-flag-(\w+)">', r"[\1]", row)
        text = " ".join(re.sub(r"<[^>]+>", " ", text).split()).replace("] ", "]")
        rows[text.split()[0]] = text
    assert "[new]New in 2.0" in rows["color"]  # added in 2.0
    assert "[changed]Changed in 2.0" in rows["id"]  # its type changed in 2.0
    assert "New in" not in rows["name"] and "Changed in" in rows["name"]
    assert "New in" not in rows["weight"]


def test_change_badges_can_be_turned_off(tmp_path: Path) -> None:
    app = build(changelog_project(tmp_path), apidocs_change_badges=False)
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "apidocs-flag-new" not in html and "apidocs-flag-changed" not in html
    assert 'id="changes-api-3.0"' in html  # the changelog stays


def test_versions_sharing_a_label_are_named_by_their_files(tmp_path: Path) -> None:
    same = NEW.replace('version: "2.0"', 'version: "1.0"')
    files = {"history/v1.yaml": OLD, "history/v2.yaml": same, "api.yaml": V3}
    index = CHANGELOG.format(options="")
    src = project(tmp_path, ["history/v1.yaml", "history/v2.yaml"], files, index)
    html = (Path(build(src).outdir) / "index.html").read_text(encoding="utf-8")
    assert 'id="changes-api-3.0"' in html and 'id="changes-api-v2"' in html


def test_apicheck_reports_a_broken_history_entry_once(tmp_path: Path) -> None:
    """Both directives of the page load the history, and so does the check itself."""
    broken = OLD.replace("openapi: 3.0.3", "openapi: 3.0.3\nfoo: [1, 1")
    files = {"history/v1.yaml": broken, "api.yaml": NEW}
    src = project(tmp_path, ["history/v1.yaml"], files, CHANGELOG.format(options=""))
    app, _found = apicheck(src)
    report = json.loads((Path(app.outdir) / "apicheck.json").read_text(encoding="utf-8"))
    messages = [f["message"] for f in report["findings"]]
    unusable = [m for m in messages if "'history/v1.yaml' is not a usable spec" in m]
    assert len(unusable) == 1
    assert len([m for m in messages if "invalid YAML" in m]) == 1


def test_parallel_reading_shows_the_same_changelog_and_badges(tmp_path: Path) -> None:
    pages = {f"p{i}.rst": f":orphan:\n\nP{i}\n==\n\n.. api-changelog:: api\n" for i in range(6)}
    outputs = []
    for parallel in (0, 2):
        src = changelog_project(tmp_path / str(parallel))
        write_files(src, pages)
        app = SphinxTestApp("html", srcdir=src, parallel=parallel)
        try:
            app.build()
        finally:
            app.cleanup()
        assert not apidocs_warnings(app.warning.getvalue())
        outputs.append([(Path(app.outdir) / f"{p}.html").read_text() for p in ("index", "p5")])
    assert outputs[0] == outputs[1]
