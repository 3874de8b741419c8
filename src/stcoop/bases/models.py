"""Cooperation bases."""
