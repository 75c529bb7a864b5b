"""Pure rules: no database, no Qt. Inputs are plain data (see facts.py)."""
