"""A small world for the public record: published and unpublished reviews, findings in several
languages, confidential material planted with markers that must never reach a public answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest

from irm.findings.models import (
    Finding,
    FindingComment,
    FindingTranslation,
    FindingVersion,
    FollowUpReport,
    ReviewOutcome,
)
from irm.reviews.models import Milestone, Review, Stage
from irm.search import facets
from irm.themes.models import FindingTag, TagKind, TagOrigin, TagStatus
from tests.factories import MilestoneFactory, review_with
from tests.factories import finding as make_finding

#: Planted in unpublished or confidential material; never in a public answer.
MARKERS = (
    "ZQXUNPUB",
    "ZQXWITHDRAWN",
    "ZQXCOMMENT",
    "ZQXFOLLOWUP",
    "ZQXVERSION",
    "ZQXSUGGESTED",
    "ZQXFUWITHDRAWN",
)


@pytest.fixture(autouse=True)
def _fresh_caches():
    from irm.public.selectors import forget_labels

    facets.forget()
    forget_labels()
    yield
    facets.forget()
    forget_labels()


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def review_of(iso3: str, reviewers: tuple[str, str], *, cycle: int = 2, year: int = 1) -> Review:
    return review_with(
        iso3, cycle=cycle, year=year, reviewers=reviewers, stages={Stage.SUMMARY_AGREED: date(2023, 3, 1)}
    )


def done(review: Review, stage: Stage, on: date = date(2023, 4, 1)) -> None:
    MilestoneFactory(review=review, stage=stage, done_on=on)


def finding(review: Review, type: str, text: str, *, articles=(), language="en", categories=()) -> Finding:
    return make_finding(
        review, type=type, text=text, articles=articles, language=language, categories=categories
    )


def translate(f: Finding, language: str, text: str, *, kind="human", reviewed=True) -> None:
    FindingTranslation.objects.create(finding=f, language=language, text=text, kind=kind, reviewed=reviewed)


def tag(f: Finding, kind: str, code: str, status: str = TagStatus.CONFIRMED) -> None:
    FindingTag.objects.create(finding=f, kind=kind, code=code, status=status, origin=TagOrigin.MANUAL)


@dataclass
class World:
    published: list[Finding] = field(default_factory=list)
    unpublished: list[Finding] = field(default_factory=list)
    reviews: dict[str, Review] = field(default_factory=dict)


@pytest.fixture
def world(cast) -> World:
    w = World()
    # France: executive summary published; findings in English with French and Chinese translations.
    fra = w.reviews["FRA"] = review_of("FRA", ("DEU", "ITA"))
    done(fra, Stage.SUMMARY_PUBLISHED, date(2023, 4, 1))
    ReviewOutcome.objects.create(review=fra, symbol="CAC/COSP/IRG/II/1/1/Add.7")
    obs = finding(
        fra,
        "observation",
        "France publishes its public procurement contracts on an electronic platform.",
        articles=[9],
    )
    translate(obs, "fr", "La France publie ses marchés publics sur une plateforme électronique.")
    translate(obs, "zh", "法国在电子平台上公布其公共采购合同。", kind="machine", reviewed=False)
    challenge = finding(
        fra, "challenge", "Whistle-blowers are not protected against dismissal.", articles=[33]
    )
    rec = finding(
        fra,
        "recommendation",
        '=HYPERLINK("http://evil") Protect whistle-blowers against dismissal.',
        articles=[33],
    )
    rec.answers = challenge
    rec.save()
    need = finding(
        fra, "ta_need", "Training of procurement officers.", articles=[9], categories=["capacity_building"]
    )
    tag(obs, TagKind.THEME, "public_procurement")
    tag(challenge, TagKind.THEME, "whistleblower_protection")
    tag(need, TagKind.THEME, "asset_return", status=TagStatus.SUGGESTED)  # a suggestion is not public
    FindingComment.objects.create(finding=obs, author=cast["secretariat"], text="ZQXCOMMENT internal remark")
    FollowUpReport.objects.create(
        recommendation=rec,
        review=fra,
        measures="ZQXFOLLOWUP measures",
        status="partially_implemented",
        reported_on=date(2024, 1, 1),
        submitted_by=cast["secretariat"],
    )
    FindingVersion.objects.create(
        finding=obs, version=1, snapshot={"text": "ZQXVERSION old text"}, reason="edit"
    )
    Finding.objects.filter(pk=obs.pk).update(version=2)
    w.published += [obs, challenge, rec, need]
    # China: executive summary published, written in Chinese.
    chn = w.reviews["CHN"] = review_of("CHN", ("IND", "PAK"))
    done(chn, Stage.SUMMARY_PUBLISHED, date(2024, 5, 2))
    gp = finding(
        chn, "good_practice", "加强打击腐败的国际合作，设立反腐败机构。", articles=[6], language="zh"
    )
    translate(
        gp,
        "en",
        "International cooperation against corruption was strengthened; an anti-corruption body was set up.",
    )
    w.published.append(gp)
    # Brazil: only the country report is published, with consent.
    bra = w.reviews["BRA"] = review_of("BRA", ("ARG", "CHL"))
    done(bra, Stage.REPORT_PUBLISHED, date(2024, 6, 3))
    bra.report_publication_consent = True
    bra.save()
    w.published.append(
        finding(bra, "observation", "Brazil regulates lobbying of public officials.", articles=[7])
    )
    # Kenya: agreed, never published. Its own State, article, theme, category and language.
    ken = w.reviews["KEN"] = review_of("KEN", ("NZL", "FRA"))
    secret = finding(
        ken, "ta_need", "ZQXUNPUB illicit enrichment assistance", articles=[20], categories=["policymaking"]
    )
    translate(secret, "ru", "ZQXUNPUB незаконное обогащение")
    tag(secret, TagKind.THEME, "illicit_enrichment")
    w.unpublished.append(secret)
    # Chile: its report was public with consent, then consent was withdrawn.
    chl = w.reviews["CHL"] = review_of("CHL", ("ARG", "PER"))
    done(chl, Stage.REPORT_PUBLISHED, date(2024, 7, 1))
    chl.report_publication_consent = True
    chl.save()
    w.unpublished.append(
        finding(chl, "challenge", "ZQXWITHDRAWN statute of limitations too short", articles=[29])
    )
    from irm.public import indexing

    indexing.rebuild()  # indexed while Chile's report was public …
    chl.report_publication_consent = False  # … then withdrawn, and the index not refreshed yet
    chl.save()
    Milestone.objects.filter(review=chl, stage=Stage.REPORT_PUBLISHED).update(done_on=None)
    # A suggested (unconfirmed) tag on a published finding carries no marker text but must not count.
    return w


def report(rec: Finding, measures: str, status: str, user, on: date = date(2025, 2, 1)) -> FollowUpReport:
    return FollowUpReport.objects.create(
        recommendation=rec,
        review=rec.review,
        measures=measures,
        status=status,
        reported_on=on,
        submitted_by=user,
        responsible_agency="Ministry of Justice",
    )


@pytest.fixture
def follow_up_world(world: World, cast) -> World:
    """The world with follow-up (issue 20 §2): China published its follow-up (the one public case);
    France did not (its ZQXFOLLOWUP report stays confidential); Kenya and Chile consented although their
    outcome is not public (consent alone publishes nothing); Brazil published, then withdrew."""
    from irm.findings.models import FollowUpPublication

    user = cast["secretariat"]
    chn = world.reviews["CHN"]
    rec = finding(
        chn, "recommendation", "设立举报热线。Set up a hotline for reporting corruption.", articles=[33]
    )
    report(rec, "An early draft of the hotline decree", "partially_implemented", user, date(2024, 9, 1))
    report(rec, "A national hotline opened in 2025", "implemented", user)
    world.published.append(rec)
    other = finding(chn, "recommendation", "Publish asset declarations.", articles=[8])
    world.published.append(other)  # published follow-up, nothing reported: "not reported"
    for iso3, marker, type in (
        ("KEN", "ZQXUNPUB", "recommendation"),
        ("CHL", "ZQXWITHDRAWN", "recommendation"),
    ):
        hidden = finding(world.reviews[iso3], type, f"{marker} recommendation", articles=[20])
        report(hidden, f"{marker} follow-up measures", "implemented", user)
        FollowUpPublication.objects.create(review=world.reviews[iso3], published_by=user)
        world.unpublished.append(hidden)
    bra = world.reviews["BRA"]
    withdrawn = finding(bra, "recommendation", "Regulate lobbying further.", articles=[7])
    report(withdrawn, "ZQXFUWITHDRAWN measures", "not_implemented", user)
    world.published.append(withdrawn)
    FollowUpPublication.objects.create(review=chn, published_by=user)
    return world
