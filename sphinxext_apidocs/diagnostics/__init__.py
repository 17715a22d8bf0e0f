"""The vocabulary every stage speaks: a problem (what is wrong, where), the warning
subtypes, the apicheck rule ids, "did you mean", and text made safe to show in a log."""
