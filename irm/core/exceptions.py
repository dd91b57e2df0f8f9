"""Domain errors: raised by services, mapped to pages, API errors and CLI messages in one place.

Every `code` is registered in `irm/core/errors.py` (its HTTP status, a message to read, the form field it
concerns); that module also holds the one mapping of a refusal to the API, to forms and to commands.
"""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the mechanism refused the operation. `code` is stable and machine-readable.

    `message` is what a person reads (mark it for translation); without one, the code's registered
    message is shown. `details` go into the API's error body (e.g. `field`, or `errors` per row).
    """

    code = "domain_error"
    status = 400

    def __init__(self, message: str = "", *, code: str | None = None, details: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.details = details or {}


class NotFound(DomainError):
    code = "not_found"
    status = 404


class PermissionDenied(DomainError):
    code = "permission_denied"
    status = 403


class InvalidInput(DomainError):
    code = "invalid_input"
    status = 422


class TooLong(InvalidInput):
    """A value longer than the field holds: a 400, as the API answers for its own length limits."""

    code = "too_long"
    status = 400


class Conflict(DomainError):
    code = "conflict"
    status = 409
