"""The changes between two versions of an API description, each breaking for clients or
not (pure Python, no Sphinx): :func:`.diff.diff` of two normalised models."""
