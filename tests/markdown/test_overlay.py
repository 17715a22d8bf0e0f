"""A translated Markdown endpoint source laid over its original, section by section
(``markdown/overlay.py``), and in a build (FastMarkDocs' folder per language)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinxext_apidocs.markdown.overlay import overlay
from sphinxext_apidocs.markdown.parse import parse_markdown

from ..helpers import apidocs_warnings, build, other_warnings, write_files

ORIGINAL = """\
---
tags: [users]
---
## Overview

Everything about users.

## GET /users/{id}

Fetch one user.

### Parameters

- `id` (string, required): The user's id.
- `expand` (boolean): Expand relations.

### Response Examples

**Success (200):**

```json
{"id": "u1"}
```

```json 404
{"error": "missing"}
```

### Code Examples

```bash
curl https://api.example.com/users/u1
```

```python
print("python")
```

## DELETE /users/{id}

Delete a user.
"""

GERMAN = """\
## GET /users/{id}

Einen Benutzer abrufen.

### Parameters

- `id`: Die Kennung des Benutzers.

### Response Examples

**Erfolg (200):**

```json
{"id": "u1"}
```

### Code Examples

```bash
curl https://api.example.com/users/u1 --header 'Accept-Language: de'
```

## POST /users

Einen Benutzer anlegen.
"""


def test_a_translation_takes_what_it_does_not_repeat_from_the_original() -> None:
    original = parse_markdown(ORIGINAL, "md/en/users.md")
    source = overlay(original, parse_markdown(GERMAN, "md/de/users.md"))
    assert source.file == "md/en/users.md"  # each endpoint names its own file
    # what the translation leaves out of the file: its front matter and overview
    assert source.tags == ("users",)
    assert source.overview is not None and "Everything about users." in source.overview.text
    get, delete, post = source.endpoints
    assert (get.title, delete.title, post.title) == (
        "GET /users/{id}",
        "DELETE /users/{id}",
        "POST /users",
    )
    assert get.description is not None and "Einen Benutzer abrufen." in get.description.text
    # a parameter by name: the translated text, the original's type and required
    params = [(p.name, p.type, p.required, p.description) for p in get.parameters]
    assert params == [
        ("id", "string", True, "Die Kennung des Benutzers."),
        ("expand", "boolean", None, "Expand relations."),
    ]
    # an example by kind and status, a code sample by language
    assert [(e.status, e.label) for e in get.examples] == [("200", "Erfolg (200)"), ("404", None)]
    assert [(s.language, "Accept-Language" in s.code) for s in get.code_samples] == [
        ("bash", True),
        ("python", False),
    ]
    # an endpoint the translation does not have is the original's
    assert delete.description is not None and "Delete a user." in delete.description.text
    assert delete.file == "md/en/users.md"


def test_an_empty_translation_changes_nothing() -> None:
    original = parse_markdown(ORIGINAL, "users.md")
    source = overlay(original, parse_markdown("", "users.de.md"))
    assert source.endpoints == original.endpoints and source.overview == original.overview


SPEC = """\
openapi: 3.0.3
info: {title: Users, version: "1"}
servers: [{url: "https://api.example.com"}]
paths:
  /users/{id}:
    get:
      operationId: getUser
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: expand, in: query, schema: {type: boolean}}
      responses:
        "200": {description: OK}
        "404": {description: Not found}
    delete:
      operationId: deleteUser
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "204": {description: Deleted}
"""


def test_a_german_build_lays_the_german_folder_over_the_english_one(
    make_app: Any, tmp_path: Path
) -> None:
    src = tmp_path / "src"
    write_files(
        src,
        {
            "conf.py": 'extensions = ["sphinxext_apidocs"]\n'
            'apidocs_specs = {"users": "users.yaml"}\n'
            "# FastMarkDocs keeps one folder per language: en/ is the original\n"
            'apidocs_markdown = ["md/en"]\n'
            'apidocs_sample_languages = ["curl"]\n'
            'exclude_patterns = ["md", "_build"]\n',
            "users.yaml": SPEC,
            "index.rst": "Users\n=====\n\n.. api-spec:: users\n",
            "md/en/users.md": ORIGINAL.replace("\n## POST /users\n", ""),
            "md/de/users.md": GERMAN.split("## POST /users")[0],
        },
    )
    app = build(make_app, src, confoverrides={"language": "de"})
    assert not apidocs_warnings(app.warning.getvalue())
    assert not other_warnings(app.warning.getvalue())
    html = (Path(app.outdir) / "index.html").read_text()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    # the German description and parameter text, the English ones gone
    assert "Einen Benutzer abrufen." in text and "Fetch one user." not in text
    assert "Die Kennung des Benutzers." in text and "Expand relations." in text
    # the original's example and code sample the translation does not repeat
    assert "Erfolg (200)" in text and "missing" in html
    assert "Accept-Language: de" in html
    # the endpoint the translation leaves out: the original's text
    assert "Delete a user." in text
    # an edit of the translation is seen by the next build
    german = src / "md" / "de" / "users.md"
    german.write_text(german.read_text().replace("abrufen", "lesen"))
    again = build(make_app, src, confoverrides={"language": "de"})
    assert "Einen Benutzer lesen." in (Path(again.outdir) / "index.html").read_text()
