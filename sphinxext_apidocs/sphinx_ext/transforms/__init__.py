"""Output post-transforms, by the formats they are for: the doctree the directives make
stays format-neutral (:mod:`.html`, :mod:`.latex`, :mod:`.all_formats`)."""
