"""SymPy derivations of the paper's closed-form claims (never imports numeric/)."""
