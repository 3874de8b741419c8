"""Accounts: users with roles, organisation units as a tree, language preference."""
