"""Plain-Python engines (text, retrieval, resolve, assign, indicators, standards).

Engines never import Django: they take and return plain data, so they can be tested,
benchmarked and used from the command line on files without a database.
"""

__all__: list[str] = []
