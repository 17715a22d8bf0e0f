"""Format-neutral docutils nodes for operations, schemas, descriptions and code
samples (docutils, plus Sphinx's node classes and message catalogue; no application)."""
