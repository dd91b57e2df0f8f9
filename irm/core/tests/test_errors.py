"""The one mapping of a refusal: to a form (on its field), to a message, to JSON and to a command."""

from __future__ import annotations

import json

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.management import CommandError
from django.test import RequestFactory

from irm.core.errors import (
    CODES,
    as_command_error,
    back_to,
    command_errors,
    error_json,
    flash_error,
    form_error,
    http_status,
    message_of,
    refusals_to_messages,
)
from irm.core.exceptions import Conflict, DomainError, InvalidInput, NotFound


class SessionForm(forms.Form):
    starts_on = forms.DateField()
    ends_on = forms.DateField()


def _form() -> SessionForm:
    form = SessionForm({"starts_on": "2025-05-02", "ends_on": "2025-05-01"})
    assert form.is_valid()
    return form


def _request(referer: str = ""):
    request = RequestFactory().post("/")
    if referer:
        request.META["HTTP_REFERER"] = referer
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def test_a_refusal_goes_on_the_field_its_code_names_and_the_input_is_kept():
    form = _form()
    status = form_error(form, InvalidInput("A session cannot end before it starts.", code="session_dates"))
    assert status == 422
    assert form.errors["ends_on"] == ["A session cannot end before it starts."]
    assert form["ends_on"].value() == "2025-05-01"


def test_a_refusal_about_no_field_of_the_form_is_a_form_wide_error():
    form = _form()
    form_error(form, Conflict("The agenda was adopted.", code="agenda_adopted"))
    assert form.non_field_errors() == ["The agenda was adopted."]


def test_the_field_named_in_the_details_or_by_the_view_wins():
    form = _form()
    form_error(form, InvalidInput("No.", code="session_dates", details={"field": "starts_on"}))
    assert form.errors["starts_on"] == ["No."]
    form = _form()
    form_error(form, InvalidInput("Wrong code."), field="starts_on")
    assert form.errors["starts_on"] == ["Wrong code."]


def test_without_a_message_the_registered_one_is_shown():
    exc = Conflict(code="room_taken")
    assert message_of(exc) == str(CODES["room_taken"].message)
    assert http_status(exc) == 409


def test_a_refused_action_becomes_messages_with_the_rows_of_a_file():
    request = _request()
    rows = [{"sheet": "Article 5", "row": 7, "column": "status", "message": "Not one of the choices."}]
    status = flash_error(
        request, InvalidInput("The workbook has 1 error.", code="import_errors", details={"errors": rows})
    )
    assert status == 422
    assert [str(m) for m in get_messages(request)] == [
        "The workbook has 1 error.",
        "Article 5, row 7, column status: Not one of the choices.",
    ]


def test_the_user_is_sent_back_only_to_this_site():
    same = _request("http://testserver/meetings/cosp-10/")
    assert back_to(same, "meetings:session-list")["Location"] == "http://testserver/meetings/cosp-10/"
    foreign = _request("https://evil.example/phish")
    assert back_to(foreign, "meetings:session-list")["Location"] == "/meetings/"


def test_a_decorated_action_turns_a_refusal_into_a_message_and_a_redirect():
    @refusals_to_messages("meetings:session-list")
    def action(request):
        raise Conflict("The list is closed.", code="item_closed")

    request = _request()
    response = action(request)
    assert response.status_code == 302 and response["Location"] == "/meetings/"
    assert [str(m) for m in get_messages(request)] == ["The list is closed."]


def test_a_pages_json_endpoint_answers_like_the_api():
    response = error_json(Conflict("Saved meanwhile.", code="edit_conflict", details={"current_version": 3}))
    assert response.status_code == 409
    assert json.loads(response.content) == {
        "current_version": 3,
        "error": "Saved meanwhile.",
        "code": "edit_conflict",
    }


def test_a_command_says_the_message_and_the_code():
    with pytest.raises(CommandError, match=r"^No such review\. \[not_found\]$"), command_errors():
        raise NotFound("No such review.")
    error = as_command_error(DomainError("Refused."))
    assert str(error) == "Refused. [domain_error]"
