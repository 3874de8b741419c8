"""Platform core: shared model bases (ownership, visibility, change history), the
permission layer, the web shell (home, errors, health) and request logging."""
