"""The one exception type users see: a one-line message naming the problem."""


class RagError(Exception):
    """A problem the user can fix (bad input, bad path, unreachable server).

    The CLI and UI print ``str(error)`` as one line, never a traceback.
    """
