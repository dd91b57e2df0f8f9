"""The checklist's questions are written in the six official languages."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from irm.checklists.models import Question
from irm.core.i18n import SUFFIXES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("number", [1, 2])
def test_every_question_choice_and_guidance_is_in_the_six_languages(number):
    spec = json.loads(
        resources.files("irm.checklists").joinpath("data", f"cycle{number}.json").read_text("utf-8")
    )
    missing = []
    for q in spec["questions"]:
        for s in SUFFIXES:
            if not q.get(f"text_{s}", "").strip():
                missing.append(f"{q['code']} text_{s}")
            if q.get("guidance_en") and not q.get(f"guidance_{s}", "").strip():
                missing.append(f"{q['code']} guidance_{s}")
            missing += [
                f"{q['code']} {c['value']} label_{s}" for c in q.get("choices", []) if not c.get(f"label_{s}")
            ]
    assert not missing, f"{len(missing)} texts missing, e.g. {missing[:5]}"


def test_questions_are_loaded_in_every_language_and_choices_fall_back_to_english():
    question = Question.objects.filter(cycle__number=1, kind="status").order_by("code").first()
    assert question is not None
    texts = {s: question.text_in(s) for s in SUFFIXES}
    assert len(set(texts.values())) == 6  # six different texts, none falling back to English
    choice = {"value": "x", "label_en": "Criminal", "label_fr": "Pénale"}
    assert question.choice_label(choice, "fr") == "Pénale"
    assert question.choice_label(choice, "ru") == "Criminal"
    assert question.choice_label({"value": "y"}, "es") == "y"
