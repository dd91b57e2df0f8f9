"""Existing reviews get the new first stage, the notification to the State under review.

What is set, and why (docs/RULES.md R-T1):
- a review that went beyond the draw (any later stage done) was notified: its notification milestone
  is marked done on the day of the draw — the date is not recorded anywhere, the draw is the earliest
  it can have been, and it is the day the timeline counted from until now, so the due dates of the
  other stages do not jump; the milestone's note says so;
- a review with nothing done after the draw gets the milestone without a date: it has not started,
  and its later stages have no due date until the secretariat records the notification;
- country visits and joint meetings already recorded took place, so the State under review agreed to
  them (`state_agreed`).
Reversing deletes the notification milestones and clears `state_agreed`.
"""

from django.db import migrations

NOTE = (
    "Set by migration reviews 0004: the date of the notification was not recorded; "
    "the day of the drawing of lots stands for it."
)
AGREED_KINDS = ("on_site", "online", "hybrid", "joint_meeting")


def forwards(apps, schema_editor):
    Milestone = apps.get_model("reviews", "Milestone")
    DirectDialogue = apps.get_model("reviews", "DirectDialogue")
    drawn = dict(Milestone.objects.filter(stage="lots_drawn").values_list("review_id", "done_on"))
    started = set(
        Milestone.objects.exclude(stage__in=["lots_drawn", "review_notified"])
        .filter(done_on__isnull=False)
        .values_list("review_id", flat=True)
    )
    have = set(Milestone.objects.filter(stage="review_notified").values_list("review_id", flat=True))
    first_done = {}
    for review_id, done_on in (
        Milestone.objects.filter(review_id__in=started, done_on__isnull=False)
        .exclude(stage__in=["lots_drawn", "review_notified"])
        .values_list("review_id", "done_on")
    ):
        if review_id not in first_done or done_on < first_done[review_id]:
            first_done[review_id] = done_on
    new = []
    for review_id in sorted(set(drawn) | started):
        if review_id in have:
            continue
        on = None
        if review_id in started:
            on = drawn.get(review_id)
            if on is None or on > first_done[review_id]:
                on = first_done[review_id]
        new.append(
            Milestone(review_id=review_id, stage="review_notified", done_on=on, note=NOTE if on else "")
        )
    Milestone.objects.bulk_create(new, batch_size=500)
    DirectDialogue.objects.filter(kind__in=AGREED_KINDS).update(state_agreed=True)


def backwards(apps, schema_editor):
    Milestone = apps.get_model("reviews", "Milestone")
    DirectDialogue = apps.get_model("reviews", "DirectDialogue")
    Milestone.objects.filter(stage="review_notified").delete()
    DirectDialogue.objects.update(state_agreed=False)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0003_notification_stage_dialogue_agreement")]

    operations = [migrations.RunPython(forwards, backwards)]
