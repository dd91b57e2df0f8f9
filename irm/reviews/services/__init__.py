"""Every change to a review: stages, delays, suspensions, people, dialogue, publication, and the rows
other apps decide (draws, imports, a submitted checklist).

Each function is keyword-only, runs in one transaction with the review row locked, checks who may
act (irm.reviews.permissions) and the rules of the workflow, then writes an audit event.
Refusals raise a DomainError before anything is written. One module per section:

- `stages`: advance, re-open, delays, suspension, consent, publication;
- `people`: focal point, experts' lists and assignments, officers, languages;
- `dialogue`: the direct dialogue;
- `planning`: the cycle's timeline, due dates, calendar feeds;
- `reminders`: e-mails before and after a stage is due, repeated until it is done, then escalated;
- `rows`: review rows written for `irm.lots`, `irm.findings.imports` and `irm.checklists`;
- `history`: whole histories of many reviews at once (the demo loader), in bulk.
"""

from irm.reviews.services._common import MAX_EXPERTS_PER_REVIEWER, MAX_EXPERTS_PER_STATE, ORDER
from irm.reviews.services.dialogue import record_direct_dialogue
from irm.reviews.services.history import DelayRecord, DialogueRecord, StageHistory, record_histories
from irm.reviews.services.people import (
    assign_expert,
    assign_officer,
    nominate_expert,
    remove_expert,
    set_focal_point,
    set_languages,
    withdraw_expert,
)
from irm.reviews.services.planning import (
    issue_calendar_feed,
    refresh_due_dates,
    replan_due_dates,
    set_timeline_step,
)
from irm.reviews.services.reminders import REMIND_DAYS_BEFORE, reminder_due, send_due_reminders
from irm.reviews.services.rows import (
    ReviewChange,
    ReviewRecord,
    Written,
    mark_milestone_done,
    set_review_years,
    set_reviewers,
    write_review_records,
)
from irm.reviews.services.stages import (
    PUBLISHED,
    Publication,
    advance_stage,
    publish,
    record_delay,
    record_report_consent,
    reopen_stage,
    resume_review,
    suspend_review,
)

__all__ = [
    "MAX_EXPERTS_PER_REVIEWER",
    "MAX_EXPERTS_PER_STATE",
    "ORDER",
    "PUBLISHED",
    "REMIND_DAYS_BEFORE",
    "DelayRecord",
    "DialogueRecord",
    "Publication",
    "ReviewChange",
    "ReviewRecord",
    "StageHistory",
    "Written",
    "advance_stage",
    "assign_expert",
    "assign_officer",
    "issue_calendar_feed",
    "mark_milestone_done",
    "nominate_expert",
    "publish",
    "record_delay",
    "record_direct_dialogue",
    "record_histories",
    "record_report_consent",
    "refresh_due_dates",
    "reminder_due",
    "remove_expert",
    "reopen_stage",
    "replan_due_dates",
    "resume_review",
    "send_due_reminders",
    "set_focal_point",
    "set_languages",
    "set_review_years",
    "set_reviewers",
    "set_timeline_step",
    "suspend_review",
    "withdraw_expert",
    "write_review_records",
]
