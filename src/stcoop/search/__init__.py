"""One-stop search over every record type: derived index, search page, API and CLI."""
