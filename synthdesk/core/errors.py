"""Errors that carry a message for the user in two parts."""


class SynthDeskError(Exception):
    """A failure the user can act on: a short headline and what to do next."""

    def __init__(self, headline: str, hint: str = ""):
        super().__init__(headline)
        self.headline = headline
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.headline} {self.hint}".strip()


class InputError(SynthDeskError):
    """The input file or a setting cannot be used."""


class Cancelled(Exception):
    """The user cancelled a running step."""
