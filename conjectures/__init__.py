"""Falsification probes for the paper's conjectures (one test_*.py file per probe)."""
