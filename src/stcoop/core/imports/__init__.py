"""Bulk import of registry records from CSV and XLSX files, with a preview first.

* :mod:`.reading` turns a file into a header and rows of text (no models);
* :mod:`.spec` declares what an entity's file looks like (:class:`ImportSpec`) and keeps
  the registry :data:`IMPORT_SPECS` (apps declare specs in an ``import_specs`` module,
  found when Django starts);
* :mod:`.run` checks every row (:func:`import_preview`, nothing written) and applies a
  file all or nothing (:func:`import_apply`).

The web pages are under ``/import/<spec>/`` and the command line is
``stcoop import <spec> FILE [--dry-run]``.
"""
