"""Agreements and mechanisms."""
