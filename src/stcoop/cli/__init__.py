"""The ``stcoop`` command-line tool: one click group with a subcommand per job.

:mod:`stcoop.cli.main` builds the group; :mod:`stcoop.cli.registry` is where other apps
plug in ``import``/``export`` commands and search indexes; :mod:`stcoop.cli.progress`
gives long-running work a progress bar.
"""
