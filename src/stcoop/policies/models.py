"""Policy documents."""
