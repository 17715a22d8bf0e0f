"""Generated payloads over the corpus: how many validate, and how fast they are made.

For every request and response schema of every spec under ``--dir`` (default
``../shared/corpus``), generate a payload in its context (request/response)
and validate it with jsonschema (``sphinxext_apidocs.samples.validate``).
Prints the pass rate per spec and in total, the failures with their JSON
pointers, and the time spent generating (validation time is not counted).

    python benchmarks/bench_samples.py [--dir DIR] [--filter SUBSTR] [--show N]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sphinxext_apidocs.samples.payload import body_schemas, sample  # noqa: E402  (after the path set-up)
from sphinxext_apidocs.samples.validate import SpecValidator  # noqa: E402
from sphinxext_apidocs.spec.normalize import load_spec  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--filter", default="")
    parser.add_argument("--show", type=int, default=20, help="failures to print")
    args = parser.parse_args()
    files = sorted(
        p
        for p in args.dir.rglob("*")
        if p.suffix in (".json", ".yaml", ".yml")
        and args.filter in str(p)
        and not p.name.startswith("LICENSE")
    )
    total = passed = 0
    generate_s = 0.0
    failures: list[str] = []
    for path in files:
        spec, _problems, used = load_spec(os.fspath(path), os.fspath(path.parent))
        if spec is None:
            continue
        validator = SpecValidator(spec, os.fspath(path.parent), used)
        ok = count = 0
        for where, schema, context in body_schemas(spec):
            start = time.perf_counter()
            value = sample(spec, schema, context)
            generate_s += time.perf_counter() - start
            try:
                errors = validator.errors(schema, value, context)
            except (
                Exception
            ) as exc:  # an unresolvable ref or an invalid schema: not our sample's fault
                errors = [f"(not checkable: {type(exc).__name__}: {str(exc)[:80]})"]
            count += 1
            if errors:
                failures.append(
                    f"{path.relative_to(args.dir)} {where} {schema.location.pointer}: {errors[0][:200]}"
                )
            else:
                ok += 1
        total += count
        passed += ok
        if count:
            print(f"{ok:5d}/{count:<5d} {100 * ok / count:6.1f}%  {path.relative_to(args.dir)}")
    unchecked = [f for f in failures if "(not checkable:" in f]
    wrong = [f for f in failures if "(not checkable:" not in f]
    checkable = total - len(unchecked)
    print(
        f"\ntotal: {total} payloads; {len(unchecked)} not checkable (the schema has a pattern Python's"
        f" re cannot compile); {passed}/{checkable} of the checkable validate"
        f" ({100 * passed / max(checkable, 1):.2f}%); generating took {generate_s:.2f} s"
    )
    for line in wrong[: args.show]:
        print("  FAIL", line)
    if len(wrong) > args.show:
        print(f"  ... {len(wrong) - args.show} more")
    return 0


if __name__ == "__main__":
    sys.exit(main())
