"""Logging pieces the settings refer to by dotted path."""

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    """A 4xx answer is a refusal or a client mistake, not a crash: log the line, no traceback.

    Django logs a refused request (PermissionDenied → 403, SuspiciousOperation → 400) with the
    exception attached, which prints a traceback for every ordinary refusal."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
