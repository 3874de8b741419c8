"""``python -m stcoop.cli`` runs the same tool as the ``stcoop`` script."""

from stcoop.cli.main import main

if __name__ == "__main__":
    main()
