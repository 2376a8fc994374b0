"""Tests of the built-in CLOVA emulator."""
