from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from irm.convention.models import Article, Chapter
from irm.cycles.models import Cycle, TACategory
from irm.reviews.models import Review


class FindingType(models.TextChoices):
    OBSERVATION = "observation", _("Observation")
    GOOD_PRACTICE = "good_practice", _("Good practice")
    CHALLENGE = "challenge", _("Challenge")
    RECOMMENDATION = "recommendation", _("Recommendation")
    TA_NEED = "ta_need", _("Technical-assistance need")


#: The order of findings inside a chapter or article of the documents (the blueprint's order).
TYPE_ORDER = [
    FindingType.OBSERVATION,
    FindingType.GOOD_PRACTICE,
    FindingType.CHALLENGE,
    FindingType.RECOMMENDATION,
    FindingType.TA_NEED,
]


class FollowUpStatus(models.TextChoices):
    """The State's own assessment of a recommendation (issue 20 §1; docs/RULES.md, "Follow-up")."""

    NONE = "", _("No follow-up reported")
    IMPLEMENTED = "implemented", _("Implemented")
    PARTIALLY_IMPLEMENTED = "partially_implemented", _("Partially implemented")
    NOT_IMPLEMENTED = "not_implemented", _("Not implemented")
    NO_LONGER_APPLICABLE = "no_longer_applicable", _("No longer applicable")


class FindingOrigin(models.TextChoices):
    DRAFTED = "drafted", _("Drafted")
    IMPORTED = "imported", _("Imported")
    DEMO = "demo", _("Demo")


class Finding(models.Model):
    """One item of a review's outcome, linked to articles, to a chapter in general, or to neither.

    A finding linked to articles also has `chapter` set (the chapter of its first article) so that
    findings of a chapter can be selected without a join; `is_general` marks a finding of the
    chapter as a whole.

    `content_key` is a hash of what identifies a finding inside its review (type, chapter, articles,
    text): imports match rows to findings by it, which makes re-importing a file change nothing.
    A finding is frozen once the executive summary is agreed; later edits keep the previous text
    as a FindingVersion, with a reason.
    """

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="findings")
    type = models.CharField(max_length=20, choices=FindingType.choices)
    chapter = models.ForeignKey(Chapter, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    articles = models.ManyToManyField(Article, blank=True, related_name="findings")
    paragraphs = models.CharField(
        max_length=100, blank=True, help_text=_('Paragraphs of the articles, e.g. "1; 2 (a)".')
    )
    text = models.TextField()
    language = models.CharField(max_length=10, default="en")
    categories = models.ManyToManyField(TACategory, blank=True, related_name="findings")
    primary_category = models.ForeignKey(
        TACategory, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answers = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendations",
        help_text=_("For a recommendation: the challenge it answers."),
    )
    version = models.PositiveIntegerField(default=1)
    content_key = models.CharField(max_length=40, blank=True)
    origin = models.CharField(max_length=10, choices=FindingOrigin.choices, default=FindingOrigin.DRAFTED)
    frozen_at = models.DateTimeField(null=True, blank=True)
    follow_up_status = models.CharField(
        max_length=25, choices=FollowUpStatus.choices, blank=True, default=FollowUpStatus.NONE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["review", "type", "id"]
        indexes = [
            models.Index(fields=["review", "type"]),
            models.Index(fields=["review", "content_key"], name="findings_review_key_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answers__isnull=True) | models.Q(type="recommendation"),
                name="findings_only_recommendations_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()}: {self.text[:60]}"

    @property
    def is_general(self) -> bool:
        return self.chapter_id is not None and not self.articles.exists()

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class TranslationKind(models.TextChoices):
    HUMAN = "human", _("Human translation")
    MACHINE = "machine", _("Machine translation")


class FindingTranslation(models.Model):
    """The text of a finding in another language than its original one."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=10)
    text = models.TextField()
    kind = models.CharField(max_length=10, choices=TranslationKind.choices, default=TranslationKind.HUMAN)
    reviewed = models.BooleanField(default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["finding", "language"]
        constraints = [
            models.UniqueConstraint(fields=["finding", "language"], name="findings_translation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.finding_id} [{self.language}, {self.kind}]"


class FindingVersion(models.Model):
    """What a frozen finding said before an edit, and why it was changed."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    snapshot = models.JSONField(
        help_text=_("type, chapter, articles, paragraphs, text, language, categories")
    )
    reason = models.TextField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["finding", "version"]
        constraints = [
            models.UniqueConstraint(fields=["finding", "version"], name="findings_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.finding_id} v{self.version}"


class FindingComment(models.Model):
    """A comment of the State under review (or of the circle) on a draft finding."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["finding", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author} on {self.finding_id}"


class ReviewOutcome(models.Model):
    """What the documents of a review need besides its findings (a one-to-one extension of Review).

    The reviews app owns Review; this row holds the UN document symbol given to the review's
    executive summary and the blueprint's narrative sections.
    """

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="outcome")
    symbol = models.CharField(max_length=60, unique=True)
    introduction = models.TextField(blank=True)
    legal_framework = models.TextField(blank=True, help_text=_("Legal and institutional framework."))
    language = models.CharField(max_length=10, default="en", help_text=_("Language of the narrative text."))
    findings_frozen_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.symbol


class DocumentKind(models.TextChoices):
    EXECUTIVE_SUMMARY = "executive_summary", _("Executive summary")
    COUNTRY_REPORT = "country_report", _("Country report")


class DraftSharing(models.Model):
    """The focal point shared the draft executive summary and country report with the national
    contributors (issue 14 §5); before that only the focal point, the experts and the secretariat read them."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="draft_sharing")
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    shared_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.review}: {_('drafts shared with the contributors')}"


class GeneratedDocument(models.Model):
    """A document generated from a review's findings (kept: what was sent is what was generated)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="generated_documents")
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    language = models.CharField(max_length=10)
    format = models.CharField(max_length=4)
    symbol = models.CharField(max_length=60)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    source = models.CharField(
        max_length=64,
        blank=True,
        help_text=_("Hash of the data it was generated from (reused while unchanged)."),
    )
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    generated_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["review", "kind", "language", "-generated_at"]

    def __str__(self) -> str:
        return f"{self.symbol} {self.kind} [{self.language}] .{self.format}"


class ImportBatch(models.Model):
    """One import of a file (reviews or findings): who, what, and what it changed."""

    class Kind(models.TextChoices):
        REVIEWS = "reviews", _("Reviews")
        FINDINGS = "findings", _("Findings")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.filename}"


class FollowUpReport(models.Model):
    """What a State reports on the measures taken on one recommendation of its earlier review.

    This is the State's own report (terms of reference para. 40; resolution 8/2): nothing is
    "validated". Every report is kept (the history of every change with its author); the
    recommendation's `follow_up_status` is the status of its latest report. Comments of the reviewing
    States and the secretariat's acknowledgement exist only where the cycle's `FollowUpOptions` turn
    them on (off by default). `reported_in` is the later review in whose checklist it was reported.
    """

    recommendation = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="follow_up_reports")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="follow_up_reports")
    reported_in = models.ForeignKey(
        Review, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    measures = models.TextField()
    status = models.CharField(max_length=25, choices=FollowUpStatus.choices)
    evidence = models.TextField(blank=True, help_text=_("Evidence described in words."))
    links = models.JSONField(
        default=list, blank=True, help_text=_("Evidence on the web (http and https only).")
    )
    responsible_agency = models.CharField(max_length=300, blank=True)
    planned_date = models.DateField(null=True, blank=True, help_text=_("When what is left is planned."))
    reported_on = models.DateField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledgement_note = models.TextField(blank=True)

    class Meta:
        ordering = ["recommendation", "submitted_at", "id"]
        indexes = [models.Index(fields=["review", "reported_on"])]
        constraints = [
            models.CheckConstraint(condition=~models.Q(status=""), name="findings_followup_status_required"),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation_id}: {self.get_status_display()} ({self.reported_on})"


class FollowUpEvidence(models.Model):
    """A document attached to a follow-up report as evidence (checked by `validate_upload`)."""

    report = models.ForeignKey(FollowUpReport, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="follow-up/%Y/%m/")
    filename = models.CharField(max_length=255)
    file_type = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.filename


class FollowUpComment(models.Model):
    """A comment of a reviewing State's expert on a follow-up report (only where the cycle allows it)."""

    report = models.ForeignKey(FollowUpReport, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author} on {self.report_id}"


class FollowUpOptions(models.Model):
    """The follow-up options of a cycle: both off by default, since no acknowledgement procedure has
    been adopted (docs/RULES.md, "Follow-up"). A cycle without a row has both off."""

    cycle = models.OneToOneField(Cycle, on_delete=models.CASCADE, related_name="follow_up_options")
    reviewer_comments = models.BooleanField(
        default=False, help_text=_("The reviewing States' experts may comment on follow-up reports.")
    )
    secretariat_acknowledgement = models.BooleanField(
        default=False, help_text=_("The secretariat acknowledges receipt of follow-up reports.")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.cycle}: follow-up options"


class FollowUpPublication(models.Model):
    """The State consented to publish its follow-up of one review's recommendations (like the
    executive summary's consent): then it joins the public record."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="follow_up_publication")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.review}: follow-up published"
