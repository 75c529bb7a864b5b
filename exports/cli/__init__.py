"""Command families that need `exports` (each module has `register(sub, db)`; app/parser.py
gathers them)."""
