"""chmdocs' version, in a module of its own so any module can read it
without importing the package's public face (and everything behind it)."""

__version__ = "0.1.0"
