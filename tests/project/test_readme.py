"""README.rst keeps exactly two set-up commands, and CI runs the README's.

The Quick start of README.rst holds two one-line shell commands, each in a
``code-block:: console`` between ``.. readme-KIND-command-begin`` and
``.. readme-KIND-command-end`` comments (KIND is ``docs`` or ``test``).
``.ci/run`` extracts the test command from there and runs it; these tests make
sure the README, its markers and ``.ci/run`` cannot drift apart.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.rst"
CI_RUN = ROOT / ".ci" / "run"

MARKER = re.compile(r"^\.\. readme-(?P<kind>[a-z]+)-command-(?P<edge>begin|end)\s*$")


def marked_blocks(text: str) -> dict[str, list[str]]:
    """Map each marker kind to the raw lines between its begin and end markers."""
    blocks: dict[str, list[str]] = {}
    current: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        match = MARKER.match(line)
        if match is None:
            assert not line.lstrip().startswith(".. readme-"), (
                f"README.rst:{number}: malformed marker {line!r}"
            )
            if current is not None:
                blocks[current].append(line)
            continue
        kind, edge = match["kind"], match["edge"]
        if edge == "begin":
            assert current is None, f"README.rst:{number}: {kind} begins inside {current}"
            assert kind not in blocks, f"README.rst:{number}: second {kind} command"
            blocks[kind] = []
            current = kind
        else:
            assert current == kind, f"README.rst:{number}: end of {kind} outside its block"
            current = None
    assert current is None, f"README.rst: the {current} command block is never closed"
    return blocks


def command_of(block: list[str]) -> str:
    """The single command of a marked block: a console code-block with one line."""
    body = [line for line in block if line.strip()]
    assert body, "empty command block"
    assert body[0].strip() == ".. code-block:: console", (
        f"the block must be a '.. code-block:: console', not {body[0]!r}"
    )
    commands = [line.strip() for line in body[1:]]
    assert all(line.startswith((" ", "\t")) for line in body[1:]), body
    assert len(commands) == 1, f"expected exactly one command line, got {commands}"
    return commands[0]


@pytest.fixture(scope="module")
def commands() -> dict[str, str]:
    blocks = marked_blocks(README.read_text(encoding="utf-8"))
    assert sorted(blocks) == ["docs", "test"], (
        f"README.rst must mark exactly a docs and a test command, found {sorted(blocks)}"
    )
    return {kind: command_of(block) for kind, block in blocks.items()}


def test_readme_has_exactly_the_two_commands(commands: dict[str, str]) -> None:
    docs, test = commands["docs"], commands["test"]
    assert "\n" not in docs and "\n" not in test
    assert not docs.startswith("$") and not test.startswith("$"), "no prompt: copy-pasteable"
    # The docs command installs the package and builds docs/ as HTML.
    assert "pip install" in docs
    assert re.search(r"sphinx(-build| -b html)", docs) and " docs " in f" {docs} "
    # The test command installs the test extra and runs pytest.
    assert "pip install" in test and "[test]" in test
    assert test.rstrip().endswith("pytest") or "-m pytest" in test


def test_commands_are_under_quick_start() -> None:
    text = README.read_text(encoding="utf-8")
    quick = text.find("\nQuick start\n")
    assert quick >= 0, "README.rst has no 'Quick start' section"
    for kind in ("docs", "test"):
        assert text.find(f".. readme-{kind}-command-begin") > quick


def test_readme_is_valid_restructuredtext() -> None:
    docutils_core = pytest.importorskip("docutils.core")
    # The README uses no Sphinx-only markup: PyPI renders it with plain docutils.
    # `code-block` is an alias of docutils' `code` directive since docutils 0.17.
    docutils_core.publish_doctree(
        README.read_text(encoding="utf-8"),
        source_path=str(README),
        settings_overrides={"halt_level": 2, "report_level": 2, "syntax_highlight": "none"},
    )


def test_readme_links_to_files_that_exist() -> None:
    """Relative links (``docs/...``) point at files of this repository."""
    text = README.read_text(encoding="utf-8")
    targets = re.findall(r"`[^`<]*<(?P<target>[^>:]+)>`_", text)
    assert targets, "README.rst links to no page of the manual"
    missing = [target for target in targets if not (ROOT / target).exists()]
    assert not missing, f"README.rst links to missing files: {missing}"


@pytest.mark.parametrize("kind", ["test", "docs"])
def test_ci_run_extracts_the_readme_command(commands: dict[str, str], kind: str) -> None:
    """`.ci/run` reads its command from README.rst, with the same markers."""
    bash = shutil.which("bash")
    assert bash is not None
    result = subprocess.run(
        [bash, str(CI_RUN), f"--print-{kind}-command"],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == commands[kind] + "\n"


def test_ci_run_runs_the_extracted_test_command() -> None:
    """The script runs what it extracted, not a copy of it."""
    script = CI_RUN.read_text(encoding="utf-8")
    assert 'TEST_COMMAND="$(readme_command test)"' in script
    assert 'bash -c "$TEST_COMMAND"' in script


def test_tex_package_lists_agree() -> None:
    """README.rst and the PDF test's hint name the Debian packages `.ci/run` installs."""
    script = CI_RUN.read_text(encoding="utf-8")
    match = re.search(r"^TEX_PACKAGES=\((?P<body>.*?)^\)", script, re.MULTILINE | re.DOTALL)
    assert match, "no TEX_PACKAGES=( ... ) array in .ci/run"
    ci_packages = match["body"].split()
    assert "latexmk" in ci_packages and "poppler-utils" in ci_packages

    readme = " ".join(README.read_text(encoding="utf-8").split())
    found = re.search(r"apt-get install --no-install-recommends (?P<pkgs>[a-z0-9 .+-]+)", readme)
    assert found, "README.rst does not name the TeX Live packages"
    assert found["pkgs"].split() == ci_packages

    hint = " ".join(
        (ROOT / "tests" / "sphinx_ext" / "test_pdf.py").read_text(encoding="utf-8").split()
    )
    assert " ".join(ci_packages) in hint.replace('" "', "")


def test_ci_run_rejects_a_readme_without_markers(tmp_path: Path) -> None:
    """A README whose markers vanished makes `.ci/run` fail instead of running nothing."""
    (tmp_path / ".ci").mkdir()
    shutil.copy(CI_RUN, tmp_path / ".ci" / "run")
    (tmp_path / "README.rst").write_text("Nothing here\n", encoding="utf-8")
    result = subprocess.run(
        ["bash", str(tmp_path / ".ci" / "run"), "--print-test-command"],
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "found 0" in result.stderr
