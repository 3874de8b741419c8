"""Monitoring and evaluation: indicator definitions, values and evaluation runs."""
