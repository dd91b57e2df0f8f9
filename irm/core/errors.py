"""Every error code the platform answers with, and the one mapping of a refusal to what people see.

A service refuses an operation by raising a `DomainError` subclass (irm/core/exceptions.py) with a
stable, machine-readable `code`. This module is the registry of those codes: for each, the HTTP status
the API answers with, a message a person can read (marked for translation: it is shown where the
raising code gave no message of its own, and in the API's documentation) and, where the error is about
one input, the form field it belongs to. The mapping to each interface is written once, here:

- API: `irm/api.py` has one exception handler; its body is `api_body(exc)`, `{"error", "code", …details}`,
  with the status `http_status(exc)`; a page's own JSON endpoint answers `error_json(exc)`.
- Pages: `form_error(form, exc)` puts the message on the field it concerns and returns the status to
  re-render the form with (422, the input kept); `flash_error(request, exc)` is for actions without a
  form (a message on the next page), and `refusals_to_messages(fallback)` decorates such actions,
  sending the user back where they came from (`back_to`: only to this site).
- Commands: `as_command_error(exc)` (or `with command_errors():`) turns a refusal into a `CommandError`
  saying the message, the code and the rows of a file.

How to add a code: add an `ErrorCode` line to `CODES` below (in the section of the app that raises it),
with the status of the exception class you raise it with (`InvalidInput` 422, `Conflict` 409,
`NotFound` 404, `PermissionDenied` 403, `DomainError` 400). `tests/test_error_codes.py` fails when a
code is raised that is not registered, or registered with another status than its exception's.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django import forms
    from django.core.management import CommandError
    from django.http import HttpRequest, HttpResponse, JsonResponse

    from irm.core.exceptions import DomainError

    View = Callable[..., HttpResponse]


@dataclass(frozen=True)
class ErrorCode:
    code: str
    status: int
    message: str | Promise
    #: The form field this error concerns, when a form has it (details["field"] overrides).
    field: str = ""


def _codes(*entries: ErrorCode) -> dict[str, ErrorCode]:
    codes: dict[str, ErrorCode] = {}
    for entry in entries:
        if entry.code in codes:
            raise ValueError(f"error code {entry.code!r} is registered twice")
        codes[entry.code] = entry
    return codes


E = ErrorCode
CODES: dict[str, ErrorCode] = _codes(
    # --- the API and every exception class's default --------------------------------------------------
    E("domain_error", 400, _("The operation was refused.")),
    E("bad_request", 400, _("The request could not be understood.")),
    E("invalid_input", 422, _("The input is not valid.")),
    E("invalid_filter", 422, _("A filter of the report is not valid.")),
    E("too_long", 400, _("A value is longer than allowed.")),
    E("nul_byte", 400, _("The input contains a NUL character, which cannot be stored.")),
    E("not_authenticated", 401, _("Log in, or send an API token.")),
    E("invalid_token", 401, _("The API token is missing, unknown or revoked.")),
    E("csrf_failed", 403, _("The security check failed: reload the page and try again.")),
    E("permission_denied", 403, _("You may not do this.")),
    E("not_found", 404, _("Not found.")),
    E("conflict", 409, _("The operation conflicts with the current state; reload and try again.")),
    E("rate_limited", 429, _("Too many requests: wait a little and try again.")),
    E("server_error", 500, _("Something went wrong on the server; the error was logged.")),
    E("pdf_unavailable", 501, _("PDF conversion is not available on this server.")),
    # --- files and tables (core, findings imports) ----------------------------------------------------
    E("attachment_too_large", 422, _("The file is larger than allowed."), "file"),
    E("attachment_empty", 422, _("The file is empty."), "file"),
    E("attachment_wrong_type", 422, _("This kind of file is not accepted."), "file"),
    E("attachment_content_mismatch", 422, _("The file's content does not match its name."), "file"),
    E("unsupported_format", 422, _("Use a .csv or .xlsx file."), "file"),
    E("bad_encoding", 422, _("The file is not UTF-8 text."), "file"),
    E("bad_workbook", 422, _("The file is not a readable .xlsx workbook."), "file"),
    E("import_errors", 422, _("The file has errors; nothing was imported."), "file"),
    E("upload_expands_too_far", 422, _("The file expands to more than allowed when opened."), "file"),
    E("file_too_large", 422, _("The file is larger than allowed."), "file"),
    E("too_many_rows", 422, _("The file has more rows than allowed; split it."), "file"),
    E("too_many_cells", 422, _("The file has more cells than allowed; split it."), "file"),
    E("too_many_parts", 422, _("The workbook has more parts than allowed."), "file"),
    E("expanded_too_large", 422, _("The workbook expands to more than allowed when opened."), "file"),
    E("cell_too_long", 422, _("A cell's text is longer than allowed."), "file"),
    E("nul_character", 422, _("A cell contains a NUL character."), "file"),
    E("bad_csv", 422, _("The file is not readable as CSV."), "file"),
    E("formula_without_value", 422, _("A cell holds a formula without a computed value."), "file"),
    # --- documents ---------------------------------------------------------------------------------
    E("unknown_document_kind", 422, _("There is no such kind of document.")),
    E("not_ready", 409, _("The document is not ready yet: wait for its job to finish.")),
    # --- reviews (dialogue) ---------------------------------------------------------------------------
    E(
        "no_state_agreement",
        409,
        _("A country visit or joint meeting needs the agreement of the State under review."),
    ),
    # --- the public record and themes ---------------------------------------------------------------
    E("export_too_large", 422, _("The search has more results than one download may hold; narrow it.")),
    E("missing_value", 422, _("A required value is empty."), "file"),
    E("invalid_value", 422, _("A value is not one of those allowed."), "file"),
    E(
        "reminder_period_out_of_range",
        422,
        _("Reminders repeat every 1 to 90 days."),
        "reminder_every_days",
    ),
    E(
        "escalation_delay_out_of_range",
        422,
        _("Escalation comes 1 to 365 days after the due date."),
        "escalate_after_days",
    ),
    E("unknown_tag", 422, _("There is no such article, category or theme.")),
    E("not_a_need", 422, _("Only technical-assistance needs have need categories.")),
    E("already_tagged", 409, _("The finding already has this tag.")),
    E("too_few_examples", 409, _("Not enough confirmed findings to learn from.")),
    # --- library ---------------------------------------------------------------------------------------
    E("unknown_article", 422, _("The Convention has no such article."), "articles"),
    E("unknown_file_language", 422, _("Choose a language from the list."), "language"),
    E("language_taken", 409, _("The document already has a file in this language."), "language"),
    E("not_published", 409, _("The document is not published.")),
    # --- parties --------------------------------------------------------------------------------------
    E("unknown_state", 422, _("No State party has this name.")),
    # --- directory ------------------------------------------------------------------------------------
    E("directory_newer", 409, _("The directory holds newer information for this entry."), "as_of"),
    E("invalid_provision", 422, _("The directory has no entries for that article."), "provision"),
    # --- accounts -------------------------------------------------------------------------------------
    E("totp_enabled", 409, _("Two-factor authentication is already turned on.")),
    E("totp_required", 409, _("Turn on two-factor authentication first: this account needs it.")),
    E("totp_disabled", 409, _("Two-factor authentication is not turned on.")),
    # --- lots -----------------------------------------------------------------------------------------
    E("draw_impossible", 409, _("No draw satisfies the rules.")),
    E("redraw_limit", 409, _("The State has had as many re-draws as the rules allow.")),
    E("not_a_reviewer", 422, _("That State does not review this State."), "replace"),
    E("replace_required", 422, _("Name the reviewer(s) to replace."), "replace"),
    E("request_pending", 409, _("A request of this State is already pending.")),
    E("request_decided", 409, _("This request was already decided.")),
    # --- reviews --------------------------------------------------------------------------------------
    E("review_suspended", 409, _("The review is suspended; resume it first.")),
    E("already_suspended", 409, _("The review is already suspended.")),
    E("not_suspended", 409, _("The review is not suspended.")),
    E("review_complete", 409, _("The review has gone through every stage.")),
    E("stage_out_of_order", 409, _("That is not the review's next stage."), "stage"),
    E("stage_done", 409, _("That stage is already done."), "stage"),
    E("stage_not_done", 409, _("That stage is not done."), "stage"),
    E("cannot_reopen", 422, _("The drawing of lots is re-done by a re-draw."), "stage"),
    E("date_in_future", 422, _("The date is in the future."), "on"),
    E("date_out_of_order", 422, _("The dates are out of order.")),
    E("invalid_reason", 422, _("Unknown reason."), "category"),
    E("invalid_kind", 422, _("Unknown kind."), "kind"),
    E("invalid_language", 422, _("Unknown language."), "language"),
    E("invalid_anchor", 422, _("Unknown anchor."), "anchor"),
    E("invalid_days", 422, _("The number of days is out of range."), "days"),
    E("invalid_stage", 422, _("Unknown or unsuitable stage."), "stage"),
    E("no_focal_point", 409, _("Name the focal point first.")),
    E("no_experts", 409, _("Assign the governmental experts first.")),
    E("no_dialogue", 409, _("Record the direct dialogue first.")),
    E("summary_not_agreed", 409, _("The executive summary is not agreed yet.")),
    E("no_consent", 409, _("The State has not consented to publishing its full report.")),
    E("report_not_finalized", 409, _("The country report is not finalized yet.")),
    E("already_published", 409, _("This is already published.")),
    E("not_a_focal_point", 422, _("That user is not a focal point of the State."), "user"),
    E("already_nominated", 409, _("The expert is already on the State's list."), "user"),
    E("expert_list_full", 409, _("The State's list of experts is full.")),
    E("not_nominated", 409, _("The expert is not on the State's list."), "user"),
    E("not_on_expert_list", 422, _("The expert is not on a reviewing State's list."), "user"),
    E("ambiguous", 422, _("Say for which reviewing State the expert acts."), "state"),
    E("already_assigned", 409, _("That user already acts on this review."), "user"),
    E("reviewer_experts_full", 409, _("Two experts already act for this reviewing State.")),
    E("not_assigned", 409, _("That user does not act on this review."), "user"),
    E("not_secretariat", 422, _("That user is not a member of the secretariat."), "user"),
    E("invalid_year", 422, _("The year is outside the cycle."), "year"),
    E("self_review", 422, _("A State cannot review itself.")),
    E("same_reviewers", 422, _("The two reviewing States must differ.")),
    # --- checklists -----------------------------------------------------------------------------------
    E("checklist_locked", 409, _("The answer was submitted and is locked.")),
    E("edit_conflict", 409, _("Someone saved this after you opened it; reload it.")),
    E("invalid_answer", 422, _("The answer is not valid."), "value"),
    E("invalid_version", 422, _("Unknown base version."), "base_version"),
    E("not_in_cycle", 422, _("That article is not in this cycle's checklist."), "article"),
    E("not_a_contributor", 422, _("Only national contributors of the State can be assigned."), "user"),
    E("not_attachments", 422, _("This question takes no attachments."), "file"),
    E("invalid_need", 422, _("The technical-assistance need is not valid.")),
    E("invalid_stakeholder", 422, _("Give the stakeholder's name and kind."), "name"),
    E("invalid_decision", 422, _("Unknown decision."), "decision"),
    E("no_source", 404, _("There is no earlier submitted answer to start from.")),
    E("empty_answer", 422, _("Nothing has been answered yet.")),
    E(
        "answer_incomplete",
        422,
        _("Required answers are missing or not valid: complete them before submitting."),
    ),
    E(
        "submission_unconfirmed",
        422,
        _("Some questions are not answered: confirm that you submit the answer as it is."),
    ),
    E("reason_required", 422, _("Give the reason."), "reason"),
    E("empty_message", 422, _("The message is empty."), "body"),
    # --- findings -------------------------------------------------------------------------------------
    E("frozen", 409, _("The findings are frozen; change them with a reason.")),
    E("stale", 409, _("This was changed meanwhile; reload it.")),
    E("not_agreed", 409, _("Findings are frozen when the executive summary is agreed.")),
    E("review_not_concluded", 409, _("Follow-up starts after the executive summary is agreed.")),
    E("already_decided", 409, _("This was already decided.")),
    E("invalid_link", 422, _("Only http and https links are accepted."), "links"),
    # --- finance --------------------------------------------------------------------------------------
    E(
        "no_exchange_rate",
        422,
        _("No exchange rate for that currency and date: record one first."),
        "currency",
    ),
    E("duplicate_reference", 409, _("A contribution with this reference already exists."), "reference"),
    E("overpayment", 409, _("The payment exceeds what is outstanding."), "amount"),
    E("already_issued", 409, _("A financial report as at this date was already issued."), "as_of"),
    # --- assistance -----------------------------------------------------------------------------------
    E("assistance_title", 422, _("Give the activity a title."), "title"),
    E(
        "assistance_provider",
        422,
        _("Name the provider: a donor State, or an organization or programme."),
        "provider_name",
    ),
    E("assistance_status", 422, _("Unknown status."), "status"),
    E(
        "assistance_dates",
        422,
        _("An activity cannot end before it starts; a delivered one has dates."),
        "ends_on",
    ),
    E("assistance_amount", 422, _("Funding cannot be negative."), "amount"),
    E("assistance_currency", 422, _("Give the currency of the funding (ISO 4217, e.g. EUR)."), "currency"),
    E("assistance_reference_taken", 409, _("An activity with this reference exists."), "reference"),
    E("assistance_not_a_need", 422, _("Only technical-assistance needs can be linked."), "needs"),
    E("assistance_need_of_other_state", 422, _("A linked need must be a need of the beneficiary."), "needs"),
    E("assistance_import_columns", 422, _("Required columns are missing from the file.")),
    E("assistance_import_rows", 422, _("Rows of the file have problems; nothing was imported.")),
    # --- analysis -------------------------------------------------------------------------------------
    E("output_identifier", 422, _("The identifier is not of the form cycle-<number>@<date>."), "cycle"),
    E("output_language", 422, _("The analysis is not written in that language."), "languages"),
    # --- meetings -------------------------------------------------------------------------------------
    E("session_dates", 422, _("A session cannot end before it starts."), "ends_on"),
    E("opening_outside", 422, _("The opening must fall within the session's dates."), "opens_at"),
    E("unknown_timezone", 422, _("Unknown time zone."), "timezone"),
    E("work_outside_dates", 409, _("Meetings fall outside the new dates; move them first."), "starts_on"),
    E("interpretation_limit", 409, _("The meetings with interpretation are all allocated.")),
    E("session_in_use", 409, _("The session has content; it can no longer be deleted.")),
    E("agenda_adopted", 409, _("The agenda was adopted; it can no longer change.")),
    E("item_in_use", 409, _("The item is in use; it cannot be removed.")),
    E("slot_outside_dates", 422, _("The meeting must fall within the session's dates."), "date"),
    E("slot_times", 422, _("A meeting must end after it starts."), "ends_at"),
    E("room_taken", 409, _("That room is already used at that time."), "room"),
    E("symbol_format", 422, _("The document symbol does not follow the session's pattern."), "symbol"),
    E("symbol_taken", 409, _("A document with this symbol exists."), "symbol"),
    E("document_in_use", 409, _("The document is the text of a draft resolution; unlink it there first.")),
    E("unknown_language", 422, _("Documents are issued in the six official languages."), "language"),
    E("no_generator", 422, _("The platform cannot generate this kind of output as a file.")),
    E("no_language", 422, _("Choose at least one language."), "languages"),
    E("circulation_too_late", 422, _("The list must be circulated at least 30 days before the session.")),
    E("group_represented", 409, _("The regional group is already represented on the bureau.")),
    E("list_window", 422, _("The list must close after it opens."), "closes_at"),
    E("close_time_missing", 422, _("Set the time at which the item closes."), "item_closes_at"),
    E("offered_item", 422, _("Offer another item of the same session."), "offered_item"),
    E("list_exists", 409, _("This item already has a list of speakers."), "agenda_item"),
    E("item_closed", 409, _("Consideration of the item has already ended.")),
    E("list_not_open", 422, _("The list of speakers is not open yet; the request is not kept.")),
    E("list_closed", 422, _("The list of speakers is closed.")),
    E("already_inscribed", 409, _("The delegation is already on the list.")),
    E("swap_levels_differ", 422, _("Only speakers at the same level may swap places.")),
    E("confirmation_required", 422, _("A swap needs the delegation's written confirmation."), "confirmation"),
    E("video_deadline_passed", 422, _("Video statements are no longer accepted.")),
    E("video_link_required", 422, _("Send a link to the video."), "video_link"),
    E("item_not_due", 422, _("Consideration of the item has not ended yet.")),
    E("invalid_transition", 409, _("A draft resolution cannot go to that status."), "status"),
    E("observer_not_admitted", 422, _("This body does not admit this kind of observer."), "kind"),
    E(
        "briefing_body",
        422,
        _("Briefings for non-governmental organizations are held on the margins of the Group."),
        "body",
    ),
    E("briefing_outside_dates", 422, _("A briefing is held during the session."), "date"),
    E("briefing_times", 422, _("A briefing must end after it starts."), "ends_at"),
    E("briefing_invitations", 422, _("Name the organizations invited (within the limits)."), "organizations"),
)
del E


def lookup(code: str) -> ErrorCode | None:
    return CODES.get(code)


def http_status(exc: DomainError) -> int:
    """The status the registry gives the error's code (the exception class's for an unregistered one)."""
    entry = CODES.get(exc.code)
    return entry.status if entry else exc.status


def message_of(exc: DomainError) -> str:
    """What a person reads: the raiser's own message, or the code's registered one."""
    if exc.message:
        return str(exc.message)
    entry = CODES.get(exc.code)
    return gettext(str(entry.message)) if entry else gettext("The operation was refused.")


def field_of(exc: DomainError) -> str:
    """The input field the error concerns ("" when it concerns the whole form)."""
    field = exc.details.get("field") if isinstance(exc.details.get("field"), str) else None
    if field:
        return field
    entry = CODES.get(exc.code)
    return entry.field if entry else ""


def row_lines(exc: DomainError) -> list[str]:
    """Per-row problems of a file (details["errors"]), as sentences naming file/sheet, row and column."""
    lines = []
    for row in exc.details.get("errors", [])[:50]:
        if not isinstance(row, dict):
            continue
        where = row.get("sheet") or row.get("file") or ""
        lines.append(
            gettext("%(where)s, row %(row)s, column %(column)s: %(message)s")
            % {
                "where": where,
                "row": row.get("row", "?"),
                "column": row.get("column", "?"),
                "message": row.get("message", ""),
            }
        )
    return lines


def api_body(exc: DomainError) -> dict[str, Any]:
    """The API's error body: `{"error", "code"}` and the error's details."""
    return {**exc.details, "error": message_of(exc), "code": exc.code}


def form_error(form: forms.BaseForm, exc: DomainError, *, field: str | None = None) -> int:
    """Put the refusal on the form (on its field when the form has it); return the status to render with
    (422: the caller re-renders the bound form, so the input is kept).

    `field` names the field where the view knows better than the code (e.g. a one-field form).
    """
    target = field or field_of(exc)
    form.add_error(target if target in form.fields else None, message_of(exc))
    for line in row_lines(exc):
        form.add_error(None, line)
    return 422


def flash_error(request: HttpRequest, exc: DomainError) -> int:
    """An action without a form to re-render: the refusal becomes a message on the next page."""
    from django.contrib import messages

    messages.error(request, message_of(exc))
    for line in row_lines(exc):
        messages.error(request, line)
    return http_status(exc)


def back_to(request: HttpRequest, fallback: str) -> HttpResponse:
    """A redirect to the page the user came from (the form's `next`, the Referer) if it is on this site."""
    from django.shortcuts import redirect

    from irm.core.http import safe_next

    return redirect(
        safe_next(request, request.POST.get("next"), request.META.get("HTTP_REFERER"), fallback=fallback)
    )


def refusals_to_messages(fallback: str) -> Callable[[View], View]:
    """Decorate an action view: a refusal becomes a message on the page the user came from."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            from irm.core.exceptions import DomainError

            try:
                return view(request, *args, **kwargs)
            except DomainError as exc:
                flash_error(request, exc)
                return back_to(request, fallback)

        return wrapped

    return decorator


def error_json(exc: DomainError) -> JsonResponse:
    """A page's JSON endpoint (e.g. autosave): the API's error body and status."""
    from django.http import JsonResponse

    return JsonResponse(api_body(exc), status=http_status(exc))


def as_command_error(exc: DomainError) -> CommandError:
    """In a management command: the refusal as a `CommandError` (its message, code and rows)."""
    from django.core.management import CommandError

    return CommandError("\n".join([f"{message_of(exc)} [{exc.code}]", *row_lines(exc)]))


@contextmanager
def command_errors() -> Iterator[None]:
    """`with command_errors():` around a command's work: a refusal becomes a `CommandError`."""
    from irm.core.exceptions import DomainError

    try:
        yield
    except DomainError as exc:
        raise as_command_error(exc) from exc


def documented_codes() -> str:
    """The codes as a Markdown table, for the API's documentation."""
    rows = ["| code | status | meaning |", "|---|---|---|"]
    rows += [f"| `{e.code}` | {e.status} | {e.message} |" for e in CODES.values()]
    return "\n".join(rows)
