"""Markdown endpoint sources (FastMarkDocs style): parse the sections, merge them
into the operations of the model."""
