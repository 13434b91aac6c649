"""SynthDesk: synthetic copies of spreadsheets with sensitive records."""

__version__ = "0.1.0"
