"""Media types as the spec names them: the essence (``type/subtype``, lower case, no
parameters), JSON or not, binary or not.  One list for every stage: what the
normalizer will not show as text is also what the samples write as a placeholder."""

from __future__ import annotations

BINARY_TOP = frozenset({"image", "audio", "video", "font", "model"})
BINARY_APPLICATION = frozenset(
    {
        "octet-stream",
        "pdf",
        "zip",
        "x-zip-compressed",
        "gzip",
        "x-gzip",
        "x-tar",
        "x-bzip2",
        "x-xz",
        "zstd",
        "x-7z-compressed",
        "x-rar-compressed",
        "vnd.rar",
        "java-archive",
        "x-java-archive",
        "vnd.android.package-archive",
        "x-msdownload",
        "x-executable",
        "x-apple-diskimage",
        "x-iso9660-image",
        "wasm",
        "msword",
        "vnd.ms-excel",
        "vnd.ms-powerpoint",
        "vnd.ms-fontobject",
        "protobuf",
        "x-protobuf",
        "x-google-protobuf",
        "vnd.google.protobuf",
        "grpc",
        "cbor",
        "msgpack",
        "x-msgpack",
        "vnd.msgpack",
        "avro",
        "vnd.apache.avro",
        "bson",
        "x-bson",
        "vnd.apache.parquet",
        "x-parquet",
        "vnd.sqlite3",
        "x-sqlite3",
        "x-hdf5",
        "dicom",
        "ogg",
        "pkcs12",
        "x-pkcs12",
        "pkix-cert",
        "pkcs7-mime",
        "x-shockwave-flash",
        "font-woff",
        "x-font-ttf",
        "x-font-woff",
        "x-binary",
        "binary",
    }
)
BINARY_PREFIXES = ("vnd.openxmlformats-officedocument.", "vnd.oasis.opendocument.")
BINARY_SUFFIXES = ("+zip", "+gzip", "+cbor", "+der", "+protobuf", "+wbxml")


def essence(media_type: str | None) -> str:
    """``type/subtype`` in lower case, without parameters (``charset=...``)."""
    return (media_type or "").split(";", 1)[0].strip().lower()


def is_json(media_type: str | None) -> bool:
    """``application/json``, ``text/json`` or a ``+json`` type."""
    found = essence(media_type)
    return found in ("application/json", "text/json") or found.endswith("+json")


def is_binary(media_type: str | None) -> bool:
    """Bytes, not text: images, audio, video, fonts, models, archives, office
    documents, binary serialisations (protobuf, CBOR, ...).  An ``+xml`` or ``+json``
    type is text (``image/svg+xml``)."""
    top, _, sub = essence(media_type).partition("/")
    if sub.endswith(("+xml", "+json")):
        return False
    if top in BINARY_TOP:
        return True
    return top == "application" and (
        sub in BINARY_APPLICATION
        or sub.startswith(BINARY_PREFIXES)
        or sub.endswith(BINARY_SUFFIXES)
    )
