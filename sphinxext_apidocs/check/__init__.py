"""The ``apicheck`` rules, findings and reports (pure Python, no Sphinx)."""
