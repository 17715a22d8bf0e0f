"""Bodies written per media type (samples/media.py) and one sample per oneOf branch."""

from __future__ import annotations

import email
import email.policy
import json
import os
import random
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

import pytest

from sphinxext_apidocs.samples.media import (
    BOUNDARY,
    RECORD_SEPARATOR,
    Part,
    body_kind,
    body_text,
    form_fields,
    multipart_parts,
    scalar_text,
    stream_text,
    xml_name,
    xml_text,
)
from sphinxext_apidocs.samples.payload import branch_samples, sample
from sphinxext_apidocs.spec.model import ApiSpec, Schema
from sphinxext_apidocs.spec.normalize import load_spec
from sphinxext_apidocs.validation.validator import SpecValidator

API = """\
openapi: 3.1.0
info: {title: T, version: '1'}
paths: {}
components:
  schemas:
    Pet:
      type: object
      required: [name]
      xml: {name: pet, namespace: 'https://example.com/pet', prefix: p}
      properties:
        id: {type: integer, xml: {attribute: true}}
        name: {type: string}
        tags:
          type: array
          xml: {wrapped: true, name: tagList}
          items: {type: string, xml: {name: tag}}
        photos: {type: array, items: {type: string}}
        nick: {type: string, xml: {name: nickname}}
        bad name: {type: string}
        1st: {type: string, xml: {attribute: true}}
        owner: {$ref: '#/components/schemas/Owner'}
    Owner:
      type: object
      xml: {namespace: 'urn:owner'}
      properties:
        name: {type: string}
        code: {type: string, xml: {prefix: nope}}
    Plain:
      type: object
      properties:
        a: {type: string}
        list: {type: array, items: {type: integer}}
    Pets:
      type: array
      items: {$ref: '#/components/schemas/Plain'}
    Upload:
      type: object
      properties:
        file: {type: string, format: binary}
        avatar: {type: string, contentMediaType: image/png}
        encoded: {type: string, contentEncoding: base64}
        meta: {type: object, properties: {a: {type: integer}}}
        photos: {type: array, items: {type: string, format: binary}, minItems: 2}
        note: {type: string}
        count: {type: integer}
        flags: {type: array, items: {type: boolean}, minItems: 2}
    Shape:
      type: object
      properties:
        color: {type: string}
        id: {type: integer, readOnly: true}
      oneOf:
        - $ref: '#/components/schemas/Circle'
        - $ref: '#/components/schemas/Square'
        - {type: object, title: Blob, required: [blob], properties: {blob: {type: boolean}}}
        - {type: object, required: [z], properties: {z: {type: integer}}}
      discriminator:
        propertyName: kind
        mapping: {round: '#/components/schemas/Circle', box: '#/components/schemas/Square'}
    Circle:
      type: object
      required: [kind, r]
      properties: {kind: {type: string}, r: {type: number, minimum: 1}}
      example: {kind: x, r: 2}
    Square:
      type: object
      required: [kind, side]
      properties: {kind: {type: string}, side: {type: integer, minimum: 3}}
    ShapeRef: {$ref: '#/components/schemas/Shape'}
    Either:
      anyOf:
        - {type: string, minLength: 2}
        - {type: integer, minimum: 7}
    Plain2: {type: string}
    FileLink:
      type: object
      properties:
        file: {type: string, format: binary}
"""


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[ApiSpec, SpecValidator]:
    tmp = tmp_path_factory.mktemp("media")
    (tmp / "api.yaml").write_text(API)
    spec, problems, files = load_spec(os.fspath(tmp / "api.yaml"), os.fspath(tmp))
    assert spec is not None and not problems, problems
    return spec, SpecValidator(spec, os.fspath(tmp), files)


@pytest.fixture(scope="module")
def spec(loaded: tuple[ApiSpec, SpecValidator]) -> ApiSpec:
    return loaded[0]


def named(spec: ApiSpec, name: str) -> Schema:
    schema = spec.schema_by_name(name)
    assert schema is not None
    return schema


# ---------------------------------------------------------------- body_kind


@pytest.mark.parametrize(
    ("media_type", "kind"),
    [
        ("application/json", "json"),
        ("Application/JSON; charset=utf-8", "json"),
        ("text/json", "json"),
        ("application/problem+json", "json"),
        ("application/vnd.api+json; ext=bulk", "json"),
        ("application/x-json", "json"),
        ("*/*", "json"),
        ("application/*", "json"),
        ("application/x-www-form-urlencoded", "form"),
        ("APPLICATION/X-WWW-FORM-URLENCODED ; charset=UTF-8", "form"),
        ("multipart/form-data", "multipart"),
        ("multipart/mixed; boundary=x", "multipart"),
        ("application/xml", "xml"),
        ("text/xml", "xml"),
        ("application/atom+xml", "xml"),
        ("image/svg+xml", "xml"),
        ("text/plain", "text"),
        ("text/csv", "text"),
        ("text/html", "text"),
        ("text/*", "text"),
        ("application/yaml", "text"),
        ("application/x-yaml", "text"),
        ("application/x-ndjson", "text"),
        ("application/json-seq", "text"),
        ("application/vnd.unknown", "text"),
        ("application/octet-stream", "binary"),
        ("image/png", "binary"),
        ("image/*", "binary"),
        ("audio/mpeg", "binary"),
        ("video/mp4", "binary"),
        ("font/woff2", "binary"),
        ("application/pdf", "binary"),
        ("application/zip", "binary"),
        ("application/gzip", "binary"),
        ("application/x-protobuf", "binary"),
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "binary"),
        ("application/epub+zip", "binary"),
        ("json", "json"),
        ("", "json"),
    ],
)
def test_body_kind(media_type: str, kind: str) -> None:
    assert body_kind(media_type) == kind


# ------------------------------------------------------------- scalar / form


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("a b", "a b"),
        ("", ""),
        (True, "true"),
        (False, "false"),
        (None, ""),
        (0, "0"),
        (-12, "-12"),
        (1.5, "1.5"),
        (1e20, "1e+20"),
        ([1, "a", None], '[1,"a",null]'),
        ({"k": "é", "n": [True]}, '{"k":"é","n":[true]}'),
    ],
)
def test_scalar_text(value: Any, text: str) -> None:
    assert scalar_text(value) == text


FORM_VALUE = {
    "name": "Zoë & <Friends>=?",
    "tags": ["a b", "c+d", "é"],
    "nested": {"x": [1, {"y": None}], "z": "ü"},
    "flag": True,
    "off": False,
    "count": 3,
    "ratio": 0.25,
    "none": None,
    "empty": [],
    "items": [{"k": 1}, [2, 3]],
}


def test_form_fields() -> None:
    assert form_fields(FORM_VALUE) == [
        ("name", "Zoë & <Friends>=?"),
        ("tags", "a b"),
        ("tags", "c+d"),
        ("tags", "é"),
        ("nested", '{"x":[1,{"y":null}],"z":"ü"}'),
        ("flag", "true"),
        ("off", "false"),
        ("count", "3"),
        ("ratio", "0.25"),
        ("none", ""),
        ("items", '{"k":1}'),
        ("items", "[2,3]"),
    ]


@pytest.mark.parametrize("value", [[1, 2], "text", 3, None, True])
def test_form_fields_of_a_non_object(value: Any) -> None:
    assert form_fields(value) == []


def test_form_body_round_trips(spec: ApiSpec) -> None:
    text = body_text(spec, None, FORM_VALUE, "application/x-www-form-urlencoded")
    assert "&" in text and " " not in text and "é" not in text  # percent-encoded
    assert parse_qsl(text, keep_blank_values=True) == form_fields(FORM_VALUE)
    assert json.loads(dict(parse_qsl(text))["nested"]) == FORM_VALUE["nested"]
    # spaces as %20, exactly what the code samples send
    assert text == urlencode(form_fields(FORM_VALUE), quote_via=quote)


# ------------------------------------------------- form: the encoding's style

ADDRESS = {"city": "Paris & Co", "zip": "75001"}
TAGS = ["a b", "c"]


@pytest.mark.parametrize(
    ("encoding", "value", "fields"),
    [
        # deepObject: Stripe's address[city]=...; nested objects and indexed arrays
        (
            {"style": "deepObject", "explode": True},
            ADDRESS,
            [("address[city]", "Paris & Co"), ("address[zip]", "75001")],
        ),
        (
            {"style": "deepObject"},
            {"ship": {"to": {"city": "X"}}, "n": None},
            [("address[ship][to][city]", "X"), ("address[n]", "")],
        ),
        (
            {"style": "deepObject"},
            [{"price": "p_1", "qty": 2}, {"price": "p_2"}],
            [("address[0][price]", "p_1"), ("address[0][qty]", "2"), ("address[1][price]", "p_2")],
        ),
        ({"style": "deepObject"}, ["en", "fr"], [("address[0]", "en"), ("address[1]", "fr")]),
        (
            {"style": "deepObject"},
            {"k": [[1, 2]]},
            [("address[k][0][0]", "1"), ("address[k][0][1]", "2")],
        ),
        # Stripe's anyOf [object, ""]: the empty string clears the field
        ({"style": "deepObject"}, "", [("address", "")]),
        ({"style": "deepObject"}, {}, []),
        # form, exploded by default: repeated names for arrays, own fields for objects
        ({"style": "form"}, TAGS, [("address", "a b"), ("address", "c")]),
        ({"explode": True}, TAGS, [("address", "a b"), ("address", "c")]),
        ({"allowReserved": False}, ADDRESS, [("city", "Paris & Co"), ("zip", "75001")]),
        ({"style": "form"}, {"geo": {"lat": 1}}, [("geo", '{"lat":1}')]),
        # explode false: one field, joined
        ({"style": "form", "explode": False}, TAGS, [("address", "a b,c")]),
        ({"explode": False}, ADDRESS, [("address", "city,Paris & Co,zip,75001")]),
        ({"style": "spaceDelimited", "explode": False}, TAGS, [("address", "a b c")]),
        ({"style": "pipeDelimited"}, TAGS, [("address", "a b|c")]),
        ({"style": "pipeDelimited", "explode": True}, TAGS, [("address", "a b"), ("address", "c")]),
        # a scalar is one field whatever the style
        ({"style": "pipeDelimited"}, 3, [("address", "3")]),
        # no style, explode or allowReserved: the content type decides (JSON for an object)
        (
            {"contentType": "application/json"},
            ADDRESS,
            [("address", '{"city":"Paris & Co","zip":"75001"}')],
        ),
        ("not an object", ADDRESS, [("address", '{"city":"Paris & Co","zip":"75001"}')]),
        ({"style": 3, "explode": "yes"}, TAGS, [("address", "a b"), ("address", "c")]),
    ],
)
def test_form_fields_follow_the_encoding(
    encoding: Any, value: Any, fields: list[tuple[str, str]]
) -> None:
    assert form_fields({"address": value}, (("address", encoding),)) == fields


def test_form_fields_encoding_is_per_property() -> None:
    value = {"address": ADDRESS, "meta": ADDRESS, "tags": TAGS}
    encoding = (("address", {"style": "deepObject", "explode": True}), ("tags", {"explode": False}))
    assert form_fields(value, encoding) == [
        ("address[city]", "Paris & Co"),
        ("address[zip]", "75001"),
        ("meta", '{"city":"Paris & Co","zip":"75001"}'),
        ("tags", "a b,c"),
    ]


def test_deep_object_form_body_round_trips(spec: ApiSpec) -> None:
    value = {"metadata": {"a&b=c": "x y", "é[1]": "+"}, "items": [{"price": "p_1"}]}
    encoding = (("metadata", {"style": "deepObject"}), ("items", {"style": "deepObject"}))
    text = body_text(spec, None, value, "application/x-www-form-urlencoded", encoding)
    assert text == (
        "metadata%5Ba%26b%3Dc%5D=x%20y&metadata%5B%C3%A9%5B1%5D%5D=%2B&items%5B0%5D%5Bprice%5D=p_1"
    )
    assert parse_qsl(text) == [
        ("metadata[a&b=c]", "x y"),
        ("metadata[é[1]]", "+"),
        ("items[0][price]", "p_1"),
    ]


# ---------------------------------------------------------------- multipart


def _parse_multipart(text: str) -> list[email.message.MIMEPart]:
    head = f'Content-Type: multipart/form-data; boundary="{BOUNDARY}"\r\n\r\n'
    message = email.message_from_string(head + text.replace("\n", "\r\n"), policy=email.policy.HTTP)
    assert message.is_multipart()
    assert not message.defects, message.defects
    return list(message.iter_parts())


def test_multipart_parts(spec: ApiSpec) -> None:
    upload = named(spec, "Upload")
    value = sample(spec, upload, "request", properties="all")
    encoding = (("avatar", {"contentType": "image/jpeg, image/png"}), ("note", {"x": 1}))
    parts = multipart_parts(spec, upload, value, encoding)
    assert parts == [
        Part("file", None, "file.bin", "application/octet-stream"),
        Part("avatar", None, "avatar.jpg", "image/jpeg"),
        Part("encoded", None, "encoded.bin", "application/octet-stream"),
        Part("meta", '{"a":0}', content_type="application/json"),
        Part("photos", None, "photos-1.bin", "application/octet-stream"),
        Part("photos", None, "photos-2.bin", "application/octet-stream"),
        Part("note", "string"),
        Part("count", "0"),
        Part("flags", "true"),
        Part("flags", "true"),
    ]
    # without an encoding the 3.1 contentMediaType gives the file's type
    avatar = multipart_parts(spec, upload, {"avatar": "x"})
    assert avatar == [Part("avatar", None, "avatar.png", "image/png")]


def test_multipart_encoding_types(spec: ApiSpec) -> None:
    encoding = (
        ("doc", {"contentType": "application/pdf"}),
        ("pics", {"contentType": "image/*"}),
        ("meta", {"contentType": "application/xml"}),
        ("report.csv", {"contentType": "text/csv"}),
    )
    value = {"doc": "x", "pics": ["a"], "meta": {"a": 1}, "report.csv": "a,b", "other": {"b": 2}}
    parts = multipart_parts(spec, None, value, encoding)
    assert parts[:2] == [
        Part("doc", None, "doc.pdf", "application/pdf"),
        Part("pics", None, "pics.png", "image/png"),
    ]
    assert parts[2].content_type == "application/xml"
    assert ET.fromstring(parts[2].value or "").find("a") is not None
    assert parts[3:] == [
        Part("report.csv", "a,b", content_type="text/csv"),
        Part("other", '{"b":2}', content_type="application/json"),
    ]


def test_multipart_styled_properties_are_text_fields(spec: ApiSpec) -> None:
    """Stripe's POST /v1/files: ``style: deepObject`` in a multipart body gives a text part
    per field; ``contentType`` is ignored where a style is given, files stay files."""
    value = {
        "file_link_data": {"create": True, "metadata": {"k": "v"}},
        "expand": ["a", "b"],
        "tags": ["x", "y"],
        "file": "bytes",
        "plain": {"a": 1},
    }
    encoding = (
        ("file_link_data", {"style": "deepObject", "explode": True, "contentType": "text/xml"}),
        ("expand", {"style": "deepObject"}),
        ("tags", {"style": "form", "explode": False}),
        ("file", {"style": "form"}),
    )
    assert multipart_parts(spec, named(spec, "FileLink"), value, encoding) == [
        Part("file_link_data[create]", "true"),
        Part("file_link_data[metadata][k]", "v"),
        Part("expand[0]", "a"),
        Part("expand[1]", "b"),
        Part("tags", "x,y"),
        Part("file", None, "file.bin", "application/octet-stream"),
        Part("plain", '{"a":1}', content_type="application/json"),
    ]


def test_multipart_arrays_of_objects_are_a_part_per_item(spec: ApiSpec) -> None:
    value = {"addresses": [{"city": "A"}, {"city": "B"}], "ids": [1, 2], "csv": "a,b"}
    parts = multipart_parts(spec, None, value)
    assert parts == [
        Part("addresses", '{"city":"A"}', content_type="application/json"),
        Part("addresses", '{"city":"B"}', content_type="application/json"),
        Part("ids", "1"),
        Part("ids", "2"),
        Part("csv", "a,b"),
    ]
    # the encoding's contentType is each item's: XML per address, its charset kept
    encoding = (
        ("addresses", {"contentType": "application/xml; charset=utf-8"}),
        ("csv", {"contentType": "text/csv"}),
    )
    parts = multipart_parts(spec, None, value, encoding)
    assert [p.content_type for p in parts] == [
        "application/xml; charset=utf-8",
        "application/xml; charset=utf-8",
        None,
        None,
        "text/csv",
    ]
    assert [ET.fromstring(p.value or "").findtext("city") for p in parts[:2]] == ["A", "B"]


@pytest.mark.parametrize("value", [[{"a": 1}], "text", None, 5])
def test_multipart_of_a_non_object(spec: ApiSpec, value: Any) -> None:
    assert multipart_parts(spec, None, value) == []
    assert body_text(spec, None, value, "multipart/form-data") == f"--{BOUNDARY}--"


def test_multipart_text_parses_back(spec: ApiSpec) -> None:
    upload = named(spec, "Upload")
    value = sample(spec, upload, "request", properties="all")
    value["note"] = "line 1\nZoë"
    value['we"ird\nname'] = "v"
    text = body_text(spec, upload, value, "multipart/form-data; charset=utf-8")
    assert "\r" not in text
    assert text.startswith(f'--{BOUNDARY}\nContent-Disposition: form-data; name="file"; ')
    assert text.endswith(f"\n--{BOUNDARY}--")
    parsed = _parse_multipart(text)
    expected = multipart_parts(spec, upload, value)
    assert len(parsed) == len(expected) == 11
    for message, part in zip(parsed, expected, strict=True):
        assert message.get_content_disposition() == "form-data"
        name = message.get_param("name", header="content-disposition")
        assert name == part.name.replace('"', "%22").replace("\n", "%0A")
        assert message.get_filename() == part.filename
        if part.content_type is None:
            assert "Content-Type" not in message
        else:
            assert message.get_content_type() == part.content_type
        body = message.get_payload(decode=False)
        assert isinstance(body, str)
        assert body.replace("\r\n", "\n") == (
            "(file contents)" if part.value is None else part.value
        )


# ---------------------------------------------------------------------- XML


def _xml_clean(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (U+FFFD instead)."""
    allowed = ("\t", "\n", "\r")
    return "".join(
        c
        if c in allowed or 0x20 <= ord(c) <= 0xD7FF or 0xE000 <= ord(c) <= 0xFFFD or ord(c) > 0xFFFF
        else "\ufffd"
        for c in text
    )


def _leaves(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [t for v in value.values() for t in _leaves(v)]
    if isinstance(value, list):
        return [t for v in value for t in _leaves(v)]
    return [scalar_text(value)]


def _root(spec: ApiSpec, schema: Schema | None, value: Any) -> ET.Element:
    text = xml_text(spec, schema, value)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<')
    return ET.fromstring(text)


HOSTILE = [
    "<>&\"'",
    "]]>",
    "a]]>b<![CDATA[c",
    "\x00\x01\x08\x0b\x0c\x1f",
    "\ufffe\uffff",
    "\ud800 lone surrogate",
    "tab\tnew\nline\rcr",
    "Zoë 日本語 🦄",
    "&amp; &#0; &lt;",
    "<!-- comment -->",
    '<?pi x?><a b="c">',
    "",
    " ",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_xml_hostile_text_and_attributes(spec: ApiSpec, text: str) -> None:
    pet = named(spec, "Pet")
    value = {"id": text, "name": text, "1st": text, text: text, "tags": [text], "x": {text: [text]}}
    root = _root(spec, pet, value)
    clean = _xml_clean(text)
    assert root.get("id") == clean  # attribute values keep tabs, newlines, CR and quotes
    assert root.get("_1st") == clean
    assert root.findtext("name") == clean  # so does text
    assert [t.text or "" for t in root.find("tagList") or []] == [clean]
    assert (root.findtext(xml_name(text)) or "") == clean


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("plain", "plain"),
        ("with space", "with_space"),
        ("1st", "_1st"),
        ("-x", "_-x"),
        (".x", "_.x"),
        ("", "_"),
        ("a:b", "a_b"),
        ("<tag>", "_tag_"),
        ("名前", "名前"),
        ("Zoë", "Zoë"),
        ("🦄", "_"),
        ("a\x00b", "a_b"),
        ("\ud800", "_"),
    ],
)
def test_xml_name(name: str, expected: str) -> None:
    assert xml_name(name) == expected
    ET.fromstring(f"<{xml_name(name)}/>")


def test_xml_fuzz_is_well_formed_and_keeps_text(spec: ApiSpec) -> None:
    rng = random.Random(20240101)
    pool = [*"<>&\"'] []!?-:._/\\=;#\t\n\r\x00\x0bé日🦄\ud800\ufffe 0a", "]]>", "&amp;"]

    def text() -> str:
        return "".join(rng.choice(pool) for _ in range(rng.randint(0, 12)))

    def value(depth: int) -> Any:
        roll = rng.random()
        if depth > 3 or roll < 0.4:
            return rng.choice([text(), text(), None, True, 3, -1.5])
        if roll < 0.7:
            return [value(depth + 1) for _ in range(rng.randint(0, 3))]
        return {text(): value(depth + 1) for _ in range(rng.randint(0, 4))}

    schemas = [None, *(named(spec, n) for n in ("Pet", "Owner", "Plain", "Pets", "Shape"))]
    for _ in range(400):
        v = value(0)
        root = _root(spec, rng.choice(schemas), v)
        if isinstance(v, str):
            assert (root.text or "") == _xml_clean(v)
        # every scalar comes back once, as the text of a leaf element or an attribute
        written = [e.text for e in root.iter() if len(e) == 0 and e.text]
        written += [a for e in root.iter() for a in e.attrib.values() if a]
        assert sorted(written) == sorted(t for t in map(_xml_clean, _leaves(v)) if t)


def test_xml_hints(spec: ApiSpec) -> None:
    pet = named(spec, "Pet")
    value = {
        "id": 7,
        "name": "Rex",
        "tags": ["a", "b"],
        "photos": ["p1", "p2"],
        "nick": "R",
        "bad name": "x",
        "1st": "one",
        "owner": {"name": "Ann", "code": "c"},
        "extra": {"deep": [1, 2]},
    }
    text = xml_text(spec, pet, value)
    assert text.splitlines()[1] == ('<p:pet xmlns:p="https://example.com/pet" id="7" _1st="one">')
    assert "\n  <name>Rex</name>\n" in text  # indented by 2
    root = ET.fromstring(text)
    ns = "{https://example.com/pet}"
    assert root.tag == ns + "pet"
    assert root.attrib == {"id": "7", "_1st": "one"}
    assert [c.tag for c in root] == [
        "name",
        "tagList",
        "photos",
        "photos",
        "nickname",
        "bad_name",
        "{urn:owner}owner",
        "extra",
    ]
    assert [t.text for t in root.find("tagList") or []] == ["a", "b"]
    assert [t.tag for t in root.find("tagList") or []] == ["tag", "tag"]
    assert [p.text for p in root.findall("photos")] == ["p1", "p2"]
    # a namespace without a prefix is the default one; a prefix without a namespace is left out
    owner = root.find("{urn:owner}owner")
    assert owner is not None
    assert [c.tag for c in owner] == ["{urn:owner}name", "{urn:owner}code"]
    assert [d.text for d in root.findall("extra/deep")] == ["1", "2"]


def test_xml_root_names(spec: ApiSpec) -> None:
    assert _root(spec, None, {"a": 1}).tag == "root"
    assert _root(spec, named(spec, "Plain"), {"a": "x"}).tag == "Plain"
    reference = named(spec, "Pets").items
    assert reference is not None and reference.ref
    assert _root(spec, reference, {}).tag == "Plain"
    pets = _root(spec, named(spec, "Pets"), [{"a": "x", "list": [1, 2]}, {"a": "y"}])
    assert pets.tag == "Pets"
    assert [p.tag for p in pets] == ["Plain", "Plain"]
    assert [li.text for li in pets[0].findall("list")] == ["1", "2"]
    assert [c.tag for c in _root(spec, None, [1, "a"])] == ["item", "item"]
    scalar = _root(spec, named(spec, "Plain2"), "a & b")
    assert (scalar.tag, scalar.text) == ("Plain2", "a & b")
    assert _root(spec, None, None).text is None
    assert xml_text(spec, None, None).endswith("\n<root/>")


def test_xml_duplicate_attributes_and_namespaces(tmp_path: Path) -> None:
    text = textwrap.dedent(
        """\
        openapi: 3.0.3
        info: {title: T, version: '1'}
        paths: {}
        components:
          schemas:
            S:
              type: object
              xml: {prefix: a, namespace: 'urn:one'}
              properties:
                x: {type: string, xml: {attribute: true, prefix: a, namespace: 'urn:two'}}
                y: {type: string, xml: {attribute: true, name: x}}
                z: {type: string, xml: {attribute: true, prefix: b, namespace: 'urn:one', name: w}}
                v: {type: string, xml: {attribute: true, prefix: c, namespace: 'urn:one', name: w}}
                xmlns: {type: string, xml: {attribute: true}}
                bad: {type: string, xml: {prefix: xmlns, namespace: 'http://www.w3.org/2000/xmlns/'}}
                nsonly: {type: string, xml: {attribute: true, namespace: 'urn:three'}}
        """
    )
    (tmp_path / "api.yaml").write_text(text)
    spec, problems, _ = load_spec(os.fspath(tmp_path / "api.yaml"), os.fspath(tmp_path))
    assert spec is not None, problems
    value = {k: k for k in ("x", "y", "z", "v", "xmlns", "bad", "nsonly")}
    root = _root(spec, named(spec, "S"), value)
    assert root.tag == "{urn:one}S"
    # a:x cannot be redeclared for urn:two on this element: x stays unprefixed, so y
    # (also "x") is dropped; b:w and c:w are one name (same namespace): c:w is dropped
    assert root.attrib == {"x": "x", "{urn:one}w": "z", "_xmlns": "xmlns", "nsonly": "nsonly"}
    assert [(c.tag, c.text) for c in root] == [("bad", "bad")]


# --------------------------------------------------------------------- body


def test_body_text_kinds(spec: ApiSpec) -> None:
    value = {"a": "é", "b": [1, None]}
    assert body_text(spec, None, value, "application/json") == json.dumps(
        value, indent=2, ensure_ascii=False
    )
    assert body_text(spec, None, value, "application/merge-patch+json").startswith('{\n  "a": "é"')
    assert body_text(spec, None, value, "text/plain") == json.dumps(
        value, indent=2, ensure_ascii=False
    )
    assert body_text(spec, None, "plain\ntext", "text/csv") == "plain\ntext"
    assert body_text(spec, None, "x", "application/octet-stream") == "(binary data)"
    assert body_text(spec, None, value, "image/png") == "(binary data)"
    assert body_text(spec, None, value, "application/xml") == xml_text(spec, None, value)
    assert body_text(spec, None, value, "application/x-www-form-urlencoded") == "a=%C3%A9&b=1&b="


# ---------------------------------------------------------------- branches


def test_branch_samples(loaded: tuple[ApiSpec, SpecValidator]) -> None:
    spec, validator = loaded
    shape = named(spec, "Shape")
    circle_example = dict(named(spec, "Circle").examples[0])
    for schema in (shape, named(spec, "ShapeRef")):
        for context in ("request", "response"):
            samples = branch_samples(spec, schema, context, properties="all")
            assert [label for label, _ in samples] == ["Circle", "Square", "Blob", "option 4"]
            values = [v for _, v in samples]
            assert values[0] == {
                "color": "string",
                **({"id": 0} if context == "response" else {}),
                "kind": "round",
                "r": 2,
            }
            assert values[1]["kind"] == "box" and values[1]["side"] == 3
            assert values[2]["blob"] is True and values[3]["z"] == 0
            assert all(v["color"] == "string" for v in values)
            assert all(("id" in v) == (context == "response") for v in values)
            for value in values:
                # (oneOf: this also checks that no value matches two branches)
                assert validator.errors(schema, value, context) == [], value
    assert named(spec, "Circle").examples[0] == circle_example  # not changed in place
    assert len(branch_samples(spec, shape, limit=2)) == 2
    assert branch_samples(spec, shape, limit=0) == []


def test_branch_samples_any_of_and_plain(loaded: tuple[ApiSpec, SpecValidator]) -> None:
    spec, validator = loaded
    either = named(spec, "Either")
    samples = branch_samples(spec, either)
    assert samples == [("option 1", "string"), ("option 2", 7)]
    for _, value in samples:
        assert validator.errors(either, value) == []
    plain = named(spec, "Plain")
    assert branch_samples(spec, plain, "request") == [("", sample(spec, plain, "request"))]
    assert branch_samples(spec, plain)[0][1] == {"a": "string", "list": [0]}


def test_stream_text_frames_items_as_each_sequential_media_type_does() -> None:
    items = [{"price": 1}, {"price": 2}]
    assert stream_text(items, "text/event-stream") == 'data: {"price":1}\n\ndata: {"price":2}\n\n'
    assert stream_text(items, "application/jsonl") == '{"price":1}\n{"price":2}\n'
    assert stream_text(items, "application/x-ndjson") == '{"price":1}\n{"price":2}\n'
    assert stream_text(items, "application/json-seq") == (
        f'{RECORD_SEPARATOR}{{"price":1}}\n{RECORD_SEPARATOR}{{"price":2}}\n'
    )
    parts = stream_text(items, "multipart/mixed").split(f"--{BOUNDARY}")
    assert parts[0] == "" and parts[-1] == "--\n" and len(parts) == 4
    assert parts[1] == '\nContent-Type: application/json\n\n{"price":1}\n'
    # an item that is an object of event fields is written as those fields
    event = {"event": "token", "id": "7", "data": "a\nb"}
    assert stream_text([event], "text/event-stream") == "event: token\nid: 7\ndata: a\ndata: b\n\n"


def test_xml_node_types(tmp_path: Path) -> None:
    # OpenAPI 3.2's XML nodeType: element, attribute, text, cdata, none
    text = textwrap.dedent(
        """\
        openapi: 3.2.0
        info: {title: T, version: '1'}
        paths: {}
        components:
          schemas:
            S:
              type: object
              properties:
                id: {type: string, xml: {nodeType: attribute}}
                label: {type: string, xml: {nodeType: text}}
                note: {type: string, xml: {nodeType: cdata}}
                tags: {type: array, xml: {nodeType: element}, items: {type: string, xml: {name: tag}}}
                codes: {type: array, xml: {nodeType: none}, items: {type: string}}
                extra: {type: object, xml: {nodeType: none}, properties: {a: {type: string}}}
                named: {type: string, xml: {nodeType: element, name: title}}
        """
    )
    (tmp_path / "api.yaml").write_text(text)
    spec, problems, _ = load_spec(os.fspath(tmp_path / "api.yaml"), os.fspath(tmp_path))
    assert spec is not None and problems == []
    value = {
        "id": "7",
        "label": "Lamp",
        "note": "a <b> ]]> c",
        "tags": ["x", "y"],
        "codes": ["1", "2"],
        "extra": {"a": "in"},
        "named": "t",
    }
    made = xml_text(spec, named(spec, "S"), value)
    assert "<![CDATA[a <b> ]]]]><![CDATA[> c]]>" in made
    root = _root(spec, named(spec, "S"), value)
    assert root.attrib == {"id": "7"}
    assert root.text is not None and root.text.startswith("Lampa <b> ]]> c")
    assert [(c.tag, c.text) for c in root if c.tag != "tags"] == [
        ("codes", "1"),
        ("codes", "2"),
        ("a", "in"),
        ("title", "t"),
    ]
    assert [t.text for t in root.find("tags") or []] == ["x", "y"]


def test_multipart_stream_parts_follow_prefix_and_item_encoding() -> None:
    # OpenAPI 3.2: prefixEncoding for the first parts in order, itemEncoding for the others
    text = stream_text(
        ["hello", {"a": 1}, "x"],
        "multipart/mixed",
        ({"contentType": "text/plain"},),
        {"contentType": "application/json, text/plain"},
    )
    assert text.split("--apidocs-boundary")[1:-1] == [
        "\nContent-Type: text/plain\n\nhello\n",
        '\nContent-Type: application/json\n\n{"a":1}\n',
        '\nContent-Type: application/json\n\n"x"\n',
    ]
