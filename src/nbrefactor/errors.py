"""The one exception type for a user's mistake: a short message, no traceback."""


class NbrefactorError(Exception):
    """A problem the user can fix (a bad path, a bad configuration, a bad option)."""
