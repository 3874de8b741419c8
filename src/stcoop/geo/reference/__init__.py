"""Reading the reference-data packages and turning them into rows to load.

Nothing in this package touches the database: it reads ``pycountry``, ``babel``, the CSV
file bundled with ``hdx-python-country`` and ``worldcountrygroups`` and returns plain
dataclasses, which :mod:`stcoop.geo.loader` writes.
"""
