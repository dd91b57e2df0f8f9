"""Every change to a checklist answer. Each function validates, locks, writes and audits in one transaction.

Lock order (to avoid deadlocks): the checklist row (shared by saves, exclusive by submission) →
the answer / need / article-review row → the audit chain head (taken by `record_event`).

One module per section:

- `reference`: the reference questions of cycles 1 and 2;
- `drafting`: starting, assigning articles, answers, confirmations, attachments;
- `needs`: technical-assistance needs and stakeholders;
- `decisions`: the focal point's decisions, carry-over, submission and reopening;
- `desk_review`: the experts' questions and the replies;
- `workbook`: the checklist workbook imported;
- `_common`: the lock, the draft check and the conflict they share.
"""

from irm.checklists.services.decisions import (
    carry_over_answers,
    decide_article,
    reopen_checklist,
    submit_checklist,
)
from irm.checklists.services.desk_review import ask_question, reply_to_thread
from irm.checklists.services.drafting import (
    assign_article,
    confirm_answer,
    delete_attachment,
    save_answer,
    start_checklist,
    unassign_article,
    upload_attachment,
)
from irm.checklists.services.needs import add_stakeholder, delete_need, delete_stakeholder, save_need
from irm.checklists.services.reference import load_reference_checklists
from irm.checklists.services.workbook import import_checklist_xlsx

__all__ = [
    "add_stakeholder",
    "ask_question",
    "assign_article",
    "carry_over_answers",
    "confirm_answer",
    "decide_article",
    "delete_attachment",
    "delete_need",
    "delete_stakeholder",
    "import_checklist_xlsx",
    "load_reference_checklists",
    "reopen_checklist",
    "reply_to_thread",
    "save_answer",
    "save_need",
    "start_checklist",
    "submit_checklist",
    "unassign_article",
    "upload_attachment",
]
