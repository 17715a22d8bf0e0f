"""Samples made from the spec: example payloads (and, later, code samples). Pure Python."""
