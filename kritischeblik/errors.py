"""The project's own error type: everything a user can cause ends up as a KBError with a clear message."""


class KBError(Exception):
    """An error the user can act on; the CLI prints its message without a traceback."""

    exit_code = 2


class InputError(KBError):
    """Bad input file: the message names the file and, where known, the line."""

    def __init__(self, source: str, message: str, line: int | None = None):
        self.source = source
        self.line = line
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {message}")
