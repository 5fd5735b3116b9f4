"""One parser per document layout; the manifest names the layout of each document and gives its
parameters (headings, categories, table names), so a further list in a known layout needs no code.
knowledge/parsers/layouts.py names them. This file imports nothing: a process that reads a built
edition back (knowledge/cache.py) needs the passages' row pattern (base.py), not the parsers."""
