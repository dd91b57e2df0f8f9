"""Schemas shared by every app's API: the error body."""

from __future__ import annotations

from ninja import Schema


class ErrorOut(Schema):
    error: str
    code: str


#: Add to an endpoint's `response=` mapping to document the errors it may answer.
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
