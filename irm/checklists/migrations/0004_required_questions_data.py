"""Data: the reference questions that must be answered before submission (the status of each article,
what is missing and the measures in force — at least 20 characters each), as data/cycle*.json now says,
for databases loaded before the questions held it."""

from django.db import migrations


def mark_required(apps, schema_editor):
    Question = apps.get_model("checklists", "Question")
    Question.objects.filter(kind="status").update(required=True)
    for suffix in ("-gaps", "-measures"):
        Question.objects.filter(kind="text", code__endswith=suffix).update(required=True, min_length=20)


def unmark(apps, schema_editor):
    Question = apps.get_model("checklists", "Question")
    Question.objects.update(required=False, min_length=None, max_length=None)


class Migration(migrations.Migration):
    dependencies = [("checklists", "0003_question_required_and_length")]

    operations = [migrations.RunPython(mark_required, unmark)]
