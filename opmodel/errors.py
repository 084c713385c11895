"""Fatal errors: raised only when nothing can be read, each with a process exit code.

Everything recoverable (a bad cell, an unknown team) is an ImportIssue instead, so that
one bad cell never stops the rest of the import.
"""

from __future__ import annotations


class OpmodelError(Exception):
    """Root of opmodel's fatal errors; the message is one sentence a user can act on."""

    exit_code = 2


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
