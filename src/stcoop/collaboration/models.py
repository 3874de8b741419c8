"""Collaboration figures."""
