"""The directives, one module each, on a shared base (:mod:`.base`): ``api-spec``,
``api-endpoint``, ``api-schema``, ``api-markdown`` and ``api-diagram``."""
