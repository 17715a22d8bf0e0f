"""Mermaid source drawn from the model: overviews, sequences with callbacks,
response links, webhooks."""
