"""The package's layout stays true: stages import only earlier stages, the pure stages
load no Sphinx, docutils or MyST (also at run time), no import cycle, no private name
imported from another module.  See docs/architecture.rst."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sphinxext_apidocs import STAGES

PACKAGE = Path(__file__).resolve().parents[2] / "sphinxext_apidocs"
NAME = PACKAGE.name

#: stages that import nothing of Sphinx, docutils or MyST, at import time or later
PURE = STAGES[: STAGES.index("render")]
#: what of them render/ may use: docutils, and Sphinx's node classes and message
#: catalogue (no application, environment or builder)
RENDER_MAY_USE = ("docutils", "sphinx.addnodes", "sphinx.locale")
FOREIGN = ("sphinx", "docutils", "myst_parser", "sphinxcontrib")


def modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out.append((".".join(parts), path))
    return out


def stage_of(module: str) -> str | None:
    """The stage a module of the package belongs to (None: the package itself)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def imports(module: str, path: Path) -> Iterator[tuple[str, int, bool, tuple[str, ...]]]:
    """``(imported module, line, at module level, names)`` for every import, but those
    under ``if TYPE_CHECKING:``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]

    def walk(node: ast.AST, top: bool) -> Iterator[tuple[str, int, bool, tuple[str, ...]]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield alias.name, child.lineno, top, ()
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")[: len(package.split(".")) - child.level + 1]
                    target = ".".join(base + ([child.module] if child.module else []))
                else:
                    target = child.module or ""
                names = tuple(a.name for a in child.names)
                if target == NAME or target.startswith(NAME + "."):
                    # "from . import state": the submodules are what is imported
                    subs = [n for n in names if is_module(f"{target}.{n}")]
                    for sub in subs:
                        yield f"{target}.{sub}", child.lineno, top, ()
                    rest = tuple(n for n in names if n not in subs)
                    if rest or not subs:
                        yield target, child.lineno, top, rest
                else:
                    yield target, child.lineno, top, names
            else:
                inner = top and not isinstance(
                    child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
                )
                yield from walk(child, inner)

    yield from walk(tree, True)


def is_module(dotted: str) -> bool:
    path = PACKAGE.parent.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


ALL = modules()


def test_every_stage_folder_is_a_known_stage() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert folders <= set(STAGES), f"a folder that is not a stage: {folders - set(STAGES)}"
    top_level = {p.stem for p in PACKAGE.glob("*.py")}
    assert top_level == {"__init__"}, f"modules beside the stages: {top_level - {'__init__'}}"


@pytest.mark.parametrize(("module", "path"), ALL, ids=[m for m, _ in ALL])
def test_imports_point_down_the_pipeline(module: str, path: Path) -> None:
    own = stage_of(module)
    wrong = []
    for target, line, _, names in imports(module, path):
        if target.startswith(NAME + "."):
            theirs = stage_of(target)
            if own and theirs and STAGES.index(theirs) > STAGES.index(own):
                wrong.append(f"line {line}: {target} (a later stage)")
        elif target.split(".")[0] in FOREIGN and own in PURE:
            wrong.append(f"line {line}: {target} (a pure stage)")
        elif target.split(".")[0] in FOREIGN and own == "render":
            used = [f"{target}.{name}" for name in names] or [target]
            if not all(u.startswith(RENDER_MAY_USE) for u in used):
                wrong.append(f"line {line}: {target} (render/ builds docutils nodes only)")
    assert not wrong, f"{module} imports " + "; ".join(wrong)


@pytest.mark.parametrize(("module", "path"), ALL, ids=[m for m, _ in ALL])
def test_no_function_level_import_of_the_package(module: str, path: Path) -> None:
    """A function-level import only hides a cycle; the package ``setup()`` is the one
    place that imports late, so that the pure stages load without Sphinx."""
    late = [
        f"line {line}: {target}"
        for target, line, top, _ in imports(module, path)
        if not top and target.startswith(NAME) and module != NAME
    ]
    assert not late, f"{module} imports inside a function: " + "; ".join(late)


@pytest.mark.parametrize(("module", "path"), ALL, ids=[m for m, _ in ALL])
def test_no_private_name_crosses_modules(module: str, path: Path) -> None:
    crossing = [
        f"line {line}: {target}.{name}"
        for target, line, _, names in imports(module, path)
        if target.startswith(NAME)
        for name in names
        if name.startswith("_") and not name.startswith("__") and name != "_"  # gettext
    ]
    assert not crossing, f"{module} imports private names: " + "; ".join(crossing)


def test_no_import_cycle() -> None:
    graph = {
        module: {
            target
            for target, _, top, _ in imports(module, path)
            if top and target.startswith(NAME + ".") and target != module
        }
        for module, path in ALL
    }
    done: set[str] = set()

    def visit(module: str, trail: list[str]) -> None:
        if module in trail:
            cycle = [*trail[trail.index(module) :], module]
            pytest.fail("import cycle: " + " -> ".join(cycle))
        if module in done or module not in graph:
            return
        for target in sorted(graph[module]):
            visit(target, [*trail, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])


def test_pure_stages_load_no_sphinx_at_run_time() -> None:
    """Import every module of the pure stages in a fresh interpreter: Sphinx, docutils,
    MyST and Sphinx's contrib packages stay out of ``sys.modules``."""
    pure = [m for m, _ in ALL if stage_of(m) in PURE or m == NAME]
    code = (
        "import importlib, sys\n"
        f"for name in {pure!r}:\n"
        "    importlib.import_module(name)\n"
        f"print('\\n'.join(sorted(m for m in sys.modules if m.split('.')[0] in {FOREIGN!r})))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=PACKAGE.parent,
    )
    assert done.stdout.split() == [], f"loaded by the pure stages: {done.stdout.split()}"


def test_the_check_can_fail(tmp_path: Path) -> None:
    """The walker sees an upward import, a function-level one and a private name."""
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from ..sphinx_ext import state\n"
        "from .loader import _decode\n"
        "def f():\n    from ..render import schema\n"
    )
    found = list(imports(f"{NAME}.spec.bad", bad))
    assert (f"{NAME}.sphinx_ext.state", 1, True, ()) in found
    assert (f"{NAME}.spec.loader", 2, True, ("_decode",)) in found
    assert (f"{NAME}.render.schema", 4, False, ()) in found
