"""Memberships and big-science programmes."""
