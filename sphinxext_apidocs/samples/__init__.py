"""Made from the model: example payloads that validate, the HTTP request of an
operation, and code samples in twelve languages (Jinja2 templates)."""
