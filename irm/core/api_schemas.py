"""Schemas shared by every app's API: the error body, and bounded input types.

Every operation documents the error answers (irm/api.py adds them to the schema), so an endpoint lists
an error status in `response=` only when it returns one itself (e.g. `Status(422, …)`).
"""

from __future__ import annotations

from typing import Annotated

from ninja import Schema
from pydantic import ConfigDict, Field


class ErrorOut(Schema):
    """`{"error", "code"}`; some errors add keys (e.g. `errors` per row or per parameter, `field`)."""

    model_config = ConfigDict(extra="allow")

    error: str
    code: str


#: Add to an endpoint's `response=` mapping to document the errors it may answer.
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}

#: The largest integer an identifier, number or year may be (a 32-bit signed integer: both databases
#: store it, and a larger one is refused with a 422 before it reaches a query).
MAX_INT = 2**31 - 1

#: An integer identifier or number in a path, query or body.
Int = Annotated[int, Field(ge=0, le=MAX_INT)]

#: Text lengths: a short value (code, name, symbol), a line (title, reference), a text (a finding, a note).
Code = Annotated[str, Field(max_length=100)]
Line = Annotated[str, Field(max_length=500)]
Text = Annotated[str, Field(max_length=20_000)]
