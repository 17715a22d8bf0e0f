"""What specs say that the documentation does not show: the ``apidocs.unsupported``
problems of every spec under ``--dir`` (default ``../shared/corpus``), counted per
keyword (each is reported once per spec, so a count is a number of specs).

    python benchmarks/unsupported.py [--dir DIR] [--filter SUBSTR]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import CORPUS, corpus_specs  # noqa: E402

from sphinxext_apidocs.diagnostics.subtypes import Subtype  # noqa: E402  (after the path set-up)
from sphinxext_apidocs.spec.normalize import load_spec  # noqa: E402

KEYWORD = re.compile(r"keyword '(?P<key>[^']*)'")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=CORPUS)
    parser.add_argument("--filter", default="")
    args = parser.parse_args()
    counts: Counter[str] = Counter()
    specs = 0
    for path in corpus_specs(args.dir, args.filter):
        spec, problems, _files = load_spec(os.fspath(path), os.fspath(path.parent))
        if spec is None:
            continue
        specs += 1
        for problem in problems:
            found = KEYWORD.search(problem.message)
            if problem.subtype == Subtype.UNSUPPORTED and found:
                counts[found["key"]] += 1
    print(f"{specs} specs, {sum(counts.values())} apidocs.unsupported warnings")
    for key, count in counts.most_common():
        print(f"{count:6d}  {key}")


if __name__ == "__main__":
    main()
