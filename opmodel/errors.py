"""Fatal errors: raised only when nothing can be read, each with a process exit code.

Everything recoverable (a bad cell, an unknown team) is an ImportIssue instead, so that
one bad cell never stops the rest of the import.
"""

from __future__ import annotations

# The command line's exit codes (README "The command line" lists every one).
EXIT_OK = 0
EXIT_FAILED = 1  # import errors (validate), findings at/above --fail-on (check, diff)
EXIT_UNUSABLE = 2  # the file or an option could not be used; argparse's usage errors too
EXIT_INTERNAL = 3  # a bug: an unexpected error, reported in one sentence
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT), as shells report it
EXIT_BROKEN_PIPE = 141  # the reader went away (`| head`): 128 + SIGPIPE, as shells report it


class OpmodelError(Exception):
    """Root of opmodel's fatal errors; the message is one sentence a user can act on."""

    exit_code = EXIT_UNUSABLE


class UnreadableFileError(OpmodelError):
    """The file is missing, empty, not a workbook, or damaged."""


class UnsafeFileError(OpmodelError):
    """The file looks hostile (zip bomb, XML entities) or exceeds a documented limit."""


class EncryptedFileError(OpmodelError):
    """The workbook is password-protected."""


class NoMatrixError(OpmodelError):
    """No sheet holds a RACI matrix or an activity list."""


class ConfigError(OpmodelError):
    """A setting or command-line option is invalid."""
