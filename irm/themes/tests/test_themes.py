"""Themes as data with sources; suggestions from a locally trained model; the secretariat decides."""

from __future__ import annotations

import numpy as np
import pytest
from django.test import Client

from irm.core.exceptions import Conflict, PermissionDenied
from irm.core.models import AuditEvent
from irm.public.tests.conftest import finding, review_of
from irm.themes import selectors, services, suggest
from irm.themes.models import FindingTag, TagKind, TagStatus, Theme

pytestmark = pytest.mark.django_db

TEXTS = {
    "33": [
        "Whistle-blowers are protected against dismissal.",
        "保护举报人免遭报复。",
        "Reporting persons lack protection.",
    ],
    "9": [
        "Public procurement is electronic.",
        "公共采购合同在网上公布。",
        "Procurement officers are trained.",
    ],
    "52": [
        "Banks identify politically exposed persons.",
        "银行识别政治公众人物。",
        "Enhanced due diligence of banks.",
    ],
}


def _examples(copies: int = 4) -> list[suggest.Example]:
    from irm.search.text import tokens

    out: list[suggest.Example] = []
    for article, texts in TEXTS.items():
        for i in range(copies):
            for text in texts:
                language = "zh" if any("\u4e00" <= c <= "\u9fff" for c in text) else "en"
                out.append(
                    suggest.Example(len(out), tokens(f"{text} case {i}", language), {"article": {article}})
                )
    return out


def test_themes_are_reference_data_with_sources():
    themes = list(Theme.objects.all())
    assert len(themes) >= 30
    assert all(t.source for t in themes)
    assert Theme.objects.get(code="sdg_16_5").name_zh == "可持续发展目标16.5：减少腐败和贿赂行为"
    assert Theme.objects.get(code="whistleblower_protection").article_numbers == [33]


def test_the_model_learns_and_predicts_the_same_after_storage(tmp_path, settings):
    settings.DATA_DIR = tmp_path
    model = suggest.train(_examples())
    suggest.save(model)
    loaded = suggest.load()
    assert loaded is not None and loaded.version == model.version
    from irm.search.text import tokens

    documents = [tokens("Protection of whistle-blowers", "en"), tokens("网上公布采购合同", "zh")]
    suggestions = loaded.suggest(documents)
    assert [s.code for s in suggestions[0] if s.kind == "article"][:1] == ["33"]
    assert [s.code for s in suggestions[1] if s.kind == "article"][:1] == ["9"]
    assert np.allclose(loaded.scores(documents)["article"], model.scores(documents)["article"])


def test_categories_get_one_calibrated_suggestion_by_a_rule_tuned_on_the_training_split(tmp_path, settings):
    """Needs about training are mostly capacity-building, sometimes legal advice: the model suggests the
    likelier one only (re-weighted scores would also suggest the rarer), and keeps its rule when stored."""
    from irm.search.text import tokens

    settings.DATA_DIR = tmp_path
    rng = np.random.default_rng(3)
    examples = []
    for i in range(120):
        topic = ["training of officers", "drafting of a new law"][i % 2]
        usual, rare = (
            ("capacity_building", "legal_advice")
            if i % 2 == 0
            else ("legislative_assistance", "legal_advice")
        )
        label = rare if rng.random() < 0.3 else usual
        examples.append(
            suggest.Example(
                i, tokens(f"Assistance with the {topic} (need {i % 7})", "en"), {"category": {label}}
            )
        )
    model = suggest.train(examples)
    rule = model.rule("category")
    assert rule.top == 1 and 0 < rule.threshold < 0.5
    suggest.save(model)
    loaded = suggest.load()
    assert loaded is not None and loaded.rule("category") == rule
    found = loaded.suggest([tokens("Assistance with the training of judges", "en")])[0]
    assert [s.code for s in found if s.kind == "category"] == ["capacity_building"]
    assert loaded.rule("article") == suggest.Rule(suggest.MAX_SUGGESTIONS["article"], suggest.THRESHOLD)


def test_the_stored_model_matches_scikit_learn():
    from sklearn.feature_extraction.text import TfidfVectorizer

    examples = _examples()
    model = suggest.train(examples)
    vectorizer = TfidfVectorizer(
        analyzer=lambda t: t, sublinear_tf=True, min_df=2, max_features=suggest.MAX_FEATURES
    )
    expected = vectorizer.fit_transform([e.tokens for e in examples]).toarray()
    ours = model.vectorise([e.tokens for e in examples]).toarray()
    columns = [model.vocabulary[t] for t in vectorizer.get_feature_names_out()]
    assert np.allclose(ours[:, columns], expected)


@pytest.fixture
def tagged(cast):
    review = review_of("FRA", ("DEU", "ITA"))
    need = finding(
        review, "ta_need", "Whistle-blower training", articles=[33], categories=["capacity_building"]
    )
    obs = finding(review, "observation", "Procurement is electronic.", articles=[9])
    return need, obs


def test_suggestions_skip_what_a_finding_has_and_categories_of_other_types(tagged, tmp_path, settings):
    settings.DATA_DIR = tmp_path
    need, obs = tagged
    model = suggest.train(_examples())
    FindingTag.objects.create(finding=obs, kind=TagKind.ARTICLE, code="52", status=TagStatus.REJECTED)
    model.models["category"] = model.models["article"]  # any model: categories must still be skipped
    made = services.record_suggestions(suggester=model, findings=[need, obs])
    tags = set(
        FindingTag.objects.filter(status=TagStatus.SUGGESTED).values_list("finding_id", "kind", "code")
    )
    assert (need.pk, "article", "33") not in tags  # already on the finding
    assert (obs.pk, "article", "52") not in tags  # rejected once: not suggested again
    assert not any(
        kind == "category" for _, kind, _ in tags
    )  # only needs get categories, and 33 is no category
    assert made == len(tags)
    assert AuditEvent.objects.filter(action="themes.suggested").exists()


def test_only_the_secretariat_decides_and_a_refusal_changes_nothing(tagged, cast):
    need, _ = tagged
    tag = FindingTag.objects.create(
        finding=need, kind=TagKind.THEME, code="whistleblower_protection", score=0.9
    )
    with pytest.raises(PermissionDenied):
        services.confirm_tags(actor=cast["fp-kenya"], tags=[tag])
    tag.refresh_from_db()
    assert tag.status == TagStatus.SUGGESTED
    services.confirm_tags(actor=cast["secretariat"], tags=[tag])
    tag.refresh_from_db()
    assert tag.status == TagStatus.CONFIRMED and tag.decided_by == cast["secretariat"]
    assert AuditEvent.objects.filter(action="themes.tag_confirmed", object_id=str(tag.pk)).exists()
    with pytest.raises(Conflict):
        services.reject_tags(actor=cast["secretariat"], tags=[tag])
    assert selectors.confirmed_tags([need.pk])[need.pk]["theme"] == {"whistleblower_protection"}


def test_suggestions_page_is_the_secretariats(tagged, cast):
    need, _ = tagged
    tag = FindingTag.objects.create(
        finding=need, kind=TagKind.THEME, code="whistleblower_protection", score=0.9
    )
    url = f"/themes/suggestions/{need.review_id}/"
    for user in (None, cast["fp-kenya"], cast["expert-nzl"]):
        client = Client()
        if user:
            client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"tag": tag.pk, "decision": "confirm"}).status_code == 404
    tag.refresh_from_db()
    assert tag.status == TagStatus.SUGGESTED
    client = Client()
    client.force_login(cast["secretariat"])
    page = client.get(url)
    assert "Protection of reporting persons" in page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0") or "no-store" in page["Cache-Control"]
    client.post(url, {"tag": tag.pk, "decision": "reject"})
    tag.refresh_from_db()
    assert tag.status == TagStatus.REJECTED


def test_train_command_needs_confirmed_findings(run_irm, cast, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        run_irm("themes", "train")
    assert "sdg_16_5" in run_irm("themes", "list")


def test_the_secretariat_tags_directly_and_trains_on_agreed_findings(cast, tmp_path, settings):
    settings.DATA_DIR = tmp_path
    review = review_of("FRA", ("DEU", "ITA"))
    made = [
        finding(review, "observation", f"{text} case {i}", articles=[int(article)])
        for article, texts in TEXTS.items()
        for i in range(2)
        for text in texts
        if text.isascii()
    ]
    with pytest.raises(PermissionDenied):
        services.tag_finding(actor=cast["fp-kenya"], finding=made[0], kind="theme", code="sdg_16_5")
    tag = services.tag_finding(
        actor=cast["secretariat"], finding=made[0], kind="theme", code="whistleblower_protection"
    )
    assert tag.status == TagStatus.CONFIRMED
    assert AuditEvent.objects.filter(action="themes.tag_added", object_id=str(tag.pk)).exists()
    with pytest.raises(Conflict):
        services.tag_finding(
            actor=cast["secretariat"], finding=made[0], kind="theme", code="whistleblower_protection"
        )
    summary = services.train_model(actor=cast["secretariat"])
    assert summary["examples"]["article"] == len(made)  # every agreed finding has its articles
    assert summary["labels"]["article"] == 3  # 33, 9 and 52: four agreed findings each
    event = AuditEvent.objects.get(action="themes.model_trained")
    assert event.after is not None
    assert event.after["labels"]["article"] == 3
