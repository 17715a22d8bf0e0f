"""The apicheck rules run over the model and their reports (text, JSON, JUnit,
SARIF, baseline)."""
