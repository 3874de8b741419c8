"""Technology offers and requests."""
