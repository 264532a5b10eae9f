"""User-facing errors: one clear line saying what is wrong and what to do."""


class FazhiError(Exception):
    """An error whose message is shown to the user as is (Simplified Chinese)."""

    exit_code = 2


class DocumentError(FazhiError):
    """A document that cannot be read: empty, corrupt, encrypted, scanned, too big…"""
