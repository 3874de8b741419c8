"""Importers of real programme and project data (CORDIS FP7, Norwegian Horizon 2020).

* :mod:`.reading`: files (encodings, CSV, JSON, Norwegian dates and amounts) and the
  one-line errors that name file, row and field;
* :mod:`.matching`: which organisation a participant is (identifiers, normalised names);
* :mod:`.writing`: the bulk upsert of programmes, projects, participants and
  organisations, with history and a report;
* :mod:`.fp7` and :mod:`.norway`: the two sources.
"""
