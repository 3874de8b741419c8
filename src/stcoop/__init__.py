"""STCoop: open platform for international science and technology innovation cooperation."""

__version__ = "0.1.0"
