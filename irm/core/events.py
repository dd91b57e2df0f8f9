"""Every audit event name the platform records, with what a person reads for it.

Services pass an event name as `record_event(action="app.what_happened", …)`. Call sites keep the
name as a string literal (so a reader sees it where the change happens); this registry lists every
name once, with a label marked for translation that pages show instead of the name.

How to add an event: add an `Event` line to `EVENTS` (in the section of the app that records it),
then record it in the service with the same literal name, and make sure a test calls that service.
Mark it `shared=False` only if the change can show nowhere but on its own object's signed-in pages:
a shared event moves the content version, which the caches of public pages and figures are keyed on.
Two tests hold the registry true: `tests/test_audit_events.py` reads the source (ast) and fails on an
unregistered literal name; and, at the end of a whole-suite run, fails on a registered name no test
emitted (`tests/audit_event_collector.py` notes every AuditEvent written during the run). A name built
at run time (`f"review.{stage}"`) must have each of its values registered.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Event:
    name: str
    label: str | Promise
    #: False for a change that shows only on its own object's signed-in pages (an answer saved in a
    #: checklist, a user's tokens): it leaves the content version alone (`irm.core.audit.content_version`),
    #: so the public answers and reports cached per content version stay valid. True (the default) for
    #: anything else: when in doubt, an event is shared.
    shared: bool = True


def _events(*entries: Event) -> dict[str, Event]:
    events: dict[str, Event] = {}
    for entry in entries:
        if entry.name in events:
            raise ValueError(f"audit event {entry.name!r} is registered twice")
        events[entry.name] = entry
    return events


E = Event
EVENTS: dict[str, Event] = _events(
    # --- reference data and the demo --------------------------------------------------------------------
    E("reference.parties_loaded", _("States parties loaded")),
    E("parties.value_corrected", _("Reference value corrected")),
    E("parties.correction_released", _("Reference correction released")),
    E("demo.step_loaded", _("A step of the demo loaded")),
    E("cycles.reminder_settings_changed", _("Reminder settings of a cycle changed")),
    # --- directory of competent authorities ---------------------------------------------------------
    E("directory.change_proposed", _("Change to the directory proposed")),
    E("directory.change_approved", _("Change to the directory approved")),
    E("directory.change_rejected", _("Change to the directory rejected")),
    E("directory.entries_imported", _("Directory imported from a spreadsheet")),
    # --- accounts ---------------------------------------------------------------------------------------
    E("accounts.users_created", _("User accounts created")),
    E("accounts.api_token_created", _("API token created"), shared=False),
    E("accounts.api_token_revoked", _("API token revoked"), shared=False),
    E("accounts.language_set", _("Preferred language set"), shared=False),
    E("accounts.totp_enabled", _("Two-factor authentication turned on"), shared=False),
    E("accounts.totp_disabled", _("Two-factor authentication turned off"), shared=False),
    E("accounts.recovery_codes_issued", _("Recovery codes issued"), shared=False),
    E("accounts.recovery_code_used", _("Recovery code used"), shared=False),
    E("accounts.api_tokens_revoked", _("All API tokens of a user revoked"), shared=False),
    E("accounts.login_unlocked", _("Locked login unlocked"), shared=False),
    # --- lots -------------------------------------------------------------------------------------------
    E("lots.year_groups_drawn", _("Year groups drawn")),
    E("lots.reviewers_drawn", _("Reviewing States drawn")),
    E("lots.redraw_drawn", _("Reviewing States drawn again")),
    E("lots.pairings_imported", _("Historical pairings imported")),
    E("lots.volunteer_recorded", _("Volunteer recorded")),
    E("lots.deferral_recorded", _("Deferral recorded")),
    E("lots.exclusion_recorded", _("Exclusion recorded")),
    E("lots.exclusion_removed", _("Exclusion removed")),
    E("lots.late_joiner_added", _("Late joiner added")),
    E("lots.redraw_requested", _("Re-draw requested")),
    E("lots.redraw_decided", _("Re-draw request decided")),
    E("lots.redraw_withdrawn", _("Re-draw request withdrawn")),
    # --- analytics ------------------------------------------------------------------------------------
    E("analytics.proposal_created", _("Proposal for the next phase created")),
    E("analytics.proposal_changed", _("Proposal for the next phase changed")),
    E("analytics.proposal_deleted", _("Proposal for the next phase deleted")),
    # --- library ----------------------------------------------------------------------------------------
    E("library.document_submitted", _("Library document submitted")),
    E("library.file_added", _("File added to a library document")),
    E("library.document_published", _("Library document published")),
    E("library.document_unpublished", _("Library document publication taken back")),
    # --- themes ---------------------------------------------------------------------------------------
    E("themes.suggested", _("Tags suggested for findings")),
    E("themes.tag_added", _("Tag added to a finding")),
    E("themes.tags_recorded", _("Tags of findings recorded")),
    E("themes.model_trained", _("Suggestion model trained")),
    # --- reviews: a stage done (review.<stage>), and the rest --------------------------------------------
    E("review.due_dates_replanned", _("Due dates planned again")),
    E("review.focal_point_nominated", _("Stage done: focal point nominated")),
    E("review.kick_off_held", _("Stage done: kick-off call held")),
    E("review.checklist_submitted", _("Stage done: checklist answer submitted")),
    E("review.checklist_circulated", _("Stage done: answer translated and circulated")),
    E("review.desk_review_done", _("Stage done: desk review")),
    E("review.direct_dialogue_held", _("Stage done: direct dialogue held")),
    E("review.draft_report_sent", _("Stage done: draft report sent")),
    E("review.summary_agreed", _("Stage done: executive summary agreed")),
    E("review.report_finalized", _("Stage done: country report finalized")),
    E("review.summary_published", _("Stage done: executive summary published")),
    E("review.report_published", _("Stage done: country report published")),
    E("review.follow_up", _("Stage done: follow-up")),
    E("review.stage_reopened", _("Stage re-opened")),
    E("review.delay_recorded", _("Delay recorded")),
    E("review.suspended", _("Review suspended")),
    E("review.resumed", _("Review resumed")),
    E("review.timeline_changed", _("Timeline changed")),
    E("review.due_dates_refreshed", _("Due dates recomputed")),
    E("review.focal_point_set", _("Focal point named")),
    E("review.expert_nominated", _("Expert put on a State's list")),
    E("review.expert_withdrawn", _("Expert taken off a State's list")),
    E("review.expert_assigned", _("Expert assigned to the review")),
    E("review.expert_removed", _("Expert removed from the review")),
    E("review.officer_assigned", _("Secretariat officer assigned")),
    E("review.dialogue_recorded", _("Direct dialogue recorded")),
    E("review.languages_set", _("Working languages set")),
    E("review.report_consent_given", _("Consent to publish the report given")),
    E("review.report_consent_withdrawn", _("Consent to publish the report withdrawn")),
    E("review.reminder_before", _("Reminder sent before a due date")),
    E("review.reminder_overdue", _("Reminder sent after a due date (repeated until the step is done)")),
    E("review.reminder_escalated", _("Overdue step escalated to the secretariat")),
    E("review.calendar_feed_issued", _("Calendar address issued")),
    E("review.calendar_feed_renewed", _("Calendar address renewed")),
    E("review.years_set", _("Review years set")),
    E("review.reviewers_set", _("Reviewing States set")),
    E("review.milestone_done", _("Stage recorded as done")),
    E("review.histories_recorded", _("Histories of reviews recorded")),
    E("reviews.import_create", _("Review created by an import")),
    E("reviews.import_update", _("Review changed by an import")),
    # --- checklists -------------------------------------------------------------------------------------
    E("checklists.reference_loaded", _("Checklist questions loaded")),
    E("checklists.started", _("Checklist answer started")),
    E("checklists.carried_over", _("Answers carried over from an earlier cycle")),
    E("checklists.answer_saved", _("Answer saved"), shared=False),
    E("checklists.article_assigned", _("Article assigned to a contributor")),
    E("checklists.article_unassigned", _("Article assignment removed")),
    E("checklists.attachment_added", _("Attachment added")),
    E("checklists.attachment_removed", _("Attachment removed")),
    E("checklists.need_saved", _("Technical-assistance need saved")),
    E("checklists.need_deleted", _("Technical-assistance need deleted")),
    E("checklists.stakeholder_added", _("Stakeholder added")),
    E("checklists.stakeholder_removed", _("Stakeholder removed")),
    E("checklists.imported", _("Checklist workbook imported")),
    E("checklists.submitted", _("Checklist answer submitted")),
    E("checklists.reopened", _("Checklist answer re-opened")),
    E("checklists.question_asked", _("Desk-review question asked"), shared=False),
    E("checklists.thread_replied", _("Desk-review question answered"), shared=False),
    E("checklists.article_decided", _("Desk review of an article decided")),
    # --- findings ---------------------------------------------------------------------------------------
    E("findings.translations_added", _("Translations of findings added")),
    E("findings.create", _("Finding added")),
    E("findings.bulk_added", _("Findings added together")),
    E("findings.update", _("Finding changed")),
    E("findings.delete", _("Finding deleted")),
    E("findings.comment", _("Comment on a finding")),
    E("findings.translate", _("Finding translated")),
    E("findings.translation_reviewed", _("Translation of a finding reviewed")),
    E("findings.freeze", _("Findings frozen")),
    E("findings.outcome_text", _("Outcome text changed")),
    E("findings.generate_document", _("Document generated")),
    E("findings.import_findings", _("Findings imported")),
    E("findings.import_reviews", _("Reviews imported")),
    E("findings.follow_up_submit", _("Follow-up reported")),
    E("findings.follow_up_recorded", _("Follow-up recorded")),
    E("findings.follow_up_evidence_added", _("Evidence added to follow-up")),
    E("findings.follow_up_comment", _("Comment on follow-up")),
    E("findings.follow_up_acknowledge", _("Follow-up acknowledged by the secretariat")),
    E("findings.follow_up_options", _("Follow-up options of a cycle changed")),
    E("findings.follow_up_published", _("Follow-up published by the State")),
    E("findings.follow_up_unpublished", _("Follow-up publication withdrawn by the State")),
    E("findings.drafts_shared", _("Draft summary and report shared with the contributors")),
    E("findings.drafts_unshared", _("Draft summary and report no longer shared with the contributors")),
    # --- finance ----------------------------------------------------------------------------------------
    # --- assistance (the technical-assistance register) ------------------------------------------------
    E("assistance.activity_recorded", _("Assistance activity recorded")),
    E("assistance.activity_updated", _("Assistance activity changed")),
    E("assistance.activity_validated", _("Assistance activity validated")),
    E("assistance.activities_imported", _("Assistance activities imported")),
    E("finance.dataset_loaded", _("Financial figures loaded")),
    E("finance.donor_registered", _("Donor registered")),
    E("finance.contribution_pledged", _("Contribution pledged")),
    E("finance.earmark_changed", _("Earmark changed")),
    E("finance.payment_received", _("Payment received")),
    E("finance.rate_recorded", _("Exchange rate recorded")),
    E("finance.requirement_estimated", _("Requirements estimated")),
    E("finance.expenditure_recorded", _("Expenditure recorded")),
    E("finance.report_issued", _("Financial report issued")),
    E("finance.report_published", _("Financial report published (a public document)")),
    # --- meetings ---------------------------------------------------------------------------------------
    E("meetings.session_created", _("Session created")),
    E("meetings.session_updated", _("Session changed")),
    E("meetings.session_deleted", _("Session deleted")),
    E("meetings.joint_meeting_added", _("Joint meeting added")),
    E("meetings.joint_meeting_removed", _("Joint meeting removed")),
    E("meetings.agenda_item_added", _("Agenda item added")),
    E("meetings.agenda_item_updated", _("Agenda item changed")),
    E("meetings.agenda_item_removed", _("Agenda item removed")),
    E("meetings.agenda_adopted", _("Agenda adopted")),
    E("meetings.work_slot_added", _("Meeting added to the organization of work")),
    E("meetings.work_slot_updated", _("Meeting of the organization of work changed")),
    E("meetings.work_slot_removed", _("Meeting removed from the organization of work")),
    E("meetings.document_registered", _("Document registered")),
    E("meetings.document_updated", _("Document changed")),
    E("meetings.document_deleted", _("Document deleted")),
    E("meetings.document_file_attached", _("Language version of a document attached")),
    E("meetings.document_file_removed", _("Language version of a document removed")),
    E("meetings.document_linked", _("Document linked to a platform output")),
    E("meetings.document_unlinked", _("Document unlinked from a platform output")),
    E("meetings.notification_recorded", _("Notification of participation recorded")),
    E("meetings.delegation_registered", _("Delegation registered")),
    E("meetings.delegate_registered", _("Delegate registered")),
    E("meetings.delegations_registered", _("Delegations registered together")),
    E("meetings.observer_admitted", _("Observer admitted")),
    E("meetings.observer_objection", _("Objection to an observer recorded")),
    E("meetings.ngo_list_circulated", _("List of non-governmental organizations circulated")),
    E("meetings.ngos_admitted", _("Non-governmental organizations admitted")),
    E("meetings.conference_decided", _("Decision of the Conference recorded")),
    E("meetings.ngo_briefing_recorded", _("Briefing for non-governmental organizations recorded")),
    E("meetings.ngo_briefing_updated", _("Briefing for non-governmental organizations changed")),
    E("meetings.ngo_briefing_removed", _("Briefing for non-governmental organizations removed")),
    E("meetings.credentials_submitted", _("Credentials submitted")),
    E("meetings.credentials_recorded", _("Credentials recorded together")),
    E("meetings.credentials_examined", _("Credentials examined")),
    E("meetings.credentials_challenged", _("Credentials challenged")),
    E("meetings.credentials_report_generated", _("Credentials report drafted")),
    E("meetings.credentials_report_adopted", _("Credentials report adopted")),
    E("meetings.officer_elected", _("Officer elected")),
    E("meetings.officer_removed", _("Officer removed")),
    E("meetings.speakers_list_opened", _("List of speakers opened")),
    E("meetings.speakers_list_updated", _("List of speakers changed")),
    E("meetings.speaker_inscribed", _("Speaker inscribed")),
    E("meetings.speaker_changed", _("Speaker changed")),
    E("meetings.speaker_withdrawn", _("Speaker withdrawn")),
    E("meetings.speaker_called", _("Speaker called")),
    E("meetings.item_closed", _("Consideration of an item closed")),
    E("meetings.offer_answered", _("Offer of another item answered")),
    E("meetings.swap_proposed", _("Swap of places proposed")),
    E("meetings.swap_done", _("Places swapped")),
    E("meetings.swap_cancelled", _("Swap of places cancelled")),
    E("meetings.video_submitted", _("Video statement submitted")),
    E("meetings.statement_submitted", _("Statement submitted")),
    E("meetings.statement_unpublished", _("Statement withdrawn from publication")),
    E("meetings.draft_resolution_submitted", _("Draft resolution submitted")),
    E("meetings.draft_resolution_sponsored", _("Draft resolution co-sponsored")),
    E("meetings.draft_resolution_status", _("Status of a draft resolution changed")),
)
del E


def is_shared(name: str) -> bool:
    """Whether an event moves the content version (an unregistered name does: when in doubt, shared)."""
    event = EVENTS.get(name)
    return event is None or event.shared


def label_of(name: str) -> str:
    """What a person reads for an event (the name itself for one recorded before it was registered)."""
    event = EVENTS.get(name)
    return str(event.label) if event else name
