"""The self-assessment checklist: its definition per cycle, and each review's answer to it.

The definition (`Question`) is reference data shipped in `data/`. A review's answer is a
`Checklist` holding one `Answer` per question (each with its own version number, so two people
editing different questions never collide and two people editing the same one are told), the
technical-assistance needs, the stakeholders consulted, the focal point's per-article decisions,
numbered `Submission` snapshots and the desk-review threads.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from irm.convention.models import Article, Chapter
from irm.core.i18n import language_suffix, localized
from irm.cycles.models import Cycle, TACategory
from irm.reviews.models import Review


class QuestionKind(models.TextChoices):
    STATUS = "status", _("Implementation status")
    TEXT = "text", _("Free text")
    EXAMPLES = "examples", _("Examples of implementation")
    ATTACHMENTS = "attachments", _("Attachments")
    YES_NO = "yes_no", _("Yes / no")
    CHOICE = "choice", _("Choice")


class ImplementationStatus(models.TextChoices):
    FULLY = "fully", _("Fully implemented")
    PARTLY = "partly", _("Partly implemented")
    NOT = "not", _("Not implemented")
    NOT_APPLICABLE = "na", _("Not applicable")


class Question(models.Model):
    """One question of a cycle's checklist, about one article (and paragraph where useful)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="checklist_questions")
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="checklist_questions")
    code = models.SlugField(
        max_length=60, help_text=_("Stable across cycles, e.g. a14-status: answers carry over by code.")
    )
    order = models.PositiveSmallIntegerField(default=0)
    paragraph = models.CharField(max_length=20, blank=True)
    kind = models.CharField(max_length=12, choices=QuestionKind.choices)
    text_en = models.TextField()
    text_zh = models.TextField(blank=True)
    text_fr = models.TextField(blank=True)
    text_es = models.TextField(blank=True)
    text_ru = models.TextField(blank=True)
    text_ar = models.TextField(blank=True)
    guidance_en = models.TextField(blank=True)
    guidance_zh = models.TextField(blank=True)
    guidance_fr = models.TextField(blank=True)
    guidance_es = models.TextField(blank=True)
    guidance_ru = models.TextField(blank=True)
    guidance_ar = models.TextField(blank=True)
    choices = models.JSONField(
        default=list, blank=True, help_text=_('For choice questions: [{"value", "label_en", "label_zh"}].')
    )
    condition = models.JSONField(
        default=dict,
        blank=True,
        help_text=_('Shown only when another answer matches: {"question": code, "in": [values]}.'),
    )
    carry_from = models.JSONField(
        default=list, blank=True, help_text=_("Codes of earlier questions whose answer may seed this one.")
    )
    # Checked when the answer is submitted (as KoboToolbox checks a form before sending it): a required
    # question that is shown must be answered; a text must be at least/at most so many characters.
    required = models.BooleanField(
        default=False,
        help_text=_("The answer cannot be submitted while this question, when shown, is empty."),
    )
    min_length = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("For text: at least this many characters when answered.")
    )
    max_length = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("For text: at most this many characters.")
    )

    class Meta:
        ordering = ["cycle", "article__number", "order"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "code"], name="checklists_question_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text_en[:60]}"

    def text_in(self, language: str | None = None) -> str:
        return localized(self, "text", language)

    def guidance_in(self, language: str | None = None) -> str:
        return localized(self, "guidance", language)

    def choice_label(self, choice: dict, language: str | None = None) -> str:
        """A choice's label in the language (or the active one), else English, else its value."""
        return str(
            choice.get(f"label_{language_suffix(language)}")
            or choice.get("label_en")
            or choice.get("value", "")
        )

    @property
    def localized_choices(self) -> list[tuple[str, str]]:
        return [(str(c.get("value", "")), self.choice_label(c)) for c in self.choices]

    @property
    def text(self) -> str:
        return localized(self, "text")

    @property
    def guidance(self) -> str:
        return localized(self, "guidance")


class Checklist(models.Model):
    """A review's answer to the checklist of its cycle."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        SUBMITTED = "submitted", _("Submitted")

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="checklist")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    language = models.CharField(
        max_length=10, default="en", help_text=_("The language the answer is written in.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{_('Checklist answer')}: {self.review}"

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.SUBMITTED


class Assignment(models.Model):
    """An article of the checklist given by the focal point to a national contributor."""

    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="assignments")
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["checklist", "article", "user"], name="checklists_assignment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.article.number}"


class ArticleReview(models.Model):
    """The focal point's decision on one article: accepted, or needs attention, with a comment."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        NEEDS_ATTENTION = "needs_attention", _("Needs attention")

    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="article_reviews")
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    comment = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["checklist", "article"], name="checklists_articlereview_unique")
        ]

    def __str__(self) -> str:
        return f"{self.article_id}: {self.status}"


class Answer(models.Model):
    """The answer to one question. `version` grows by one on every save (optimistic locking)."""

    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.JSONField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    carried_over = models.BooleanField(
        default=False, help_text=_("Copied from an earlier review; to be confirmed.")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["checklist", "question"], name="checklists_answer_unique"),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="checklists_answer_version"),
        ]

    def __str__(self) -> str:
        return f"{self.question_id} v{self.version}"


class Attachment(models.Model):
    """A law, report or statistics file attached to an attachments question."""

    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="attachments")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to="checklists/%Y/%m/")
    filename = models.CharField(max_length=255)
    file_type = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.filename


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class TANeed(models.Model):
    """A technical-assistance need: for an article, a chapter in general, or no article (S003 ¶2–3, ¶61)."""

    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="needs")
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    chapter = models.ForeignKey(Chapter, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    categories = models.ManyToManyField(TACategory, related_name="checklist_needs")
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    receiving_assistance = models.BooleanField(default=False)
    assistance_from = models.CharField(max_length=255, blank=True)
    carried_over = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(article__isnull=True) | models.Q(chapter__isnull=True),
                name="checklists_need_article_or_chapter",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def scope(self) -> str:
        if self.article_id:
            return "article"
        return "chapter" if self.chapter_id else "none"


class Stakeholder(models.Model):
    """Another stakeholder consulted while preparing the answer (who, how)."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government body")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        PRIVATE_SECTOR = "private_sector", _("Private sector")
        ACADEMIA = "academia", _("Academia")
        OTHER = "other", _("Other")

    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="stakeholders")
    name = models.CharField(max_length=255)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CIVIL_SOCIETY)
    how = models.TextField(blank=True, help_text=_("How they were consulted."))
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Submission(models.Model):
    """A numbered version of the answer as submitted by the focal point: a frozen snapshot."""

    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="submissions")
    number = models.PositiveSmallIntegerField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField()
    note = models.TextField(blank=True)
    snapshot = models.JSONField()
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["checklist", "number"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "number"], name="checklists_submission_unique")
        ]

    def __str__(self) -> str:
        return f"{self.checklist} v{self.number}"


class Thread(models.Model):
    """A desk-review thread on one article: experts ask, the State answers."""

    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="threads")
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="+")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(default=False)

    class Meta:
        ordering = ["article__number", "created_at"]

    def __str__(self) -> str:
        return f"{_('Desk review')}: {_('Article')} {self.article_id}"


class Message(models.Model):
    class Side(models.TextChoices):
        EXPERT = "expert", _("Reviewing expert")
        STATE = "state", _("State under review")
        SECRETARIAT = "secretariat", _("Secretariat")

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    side = models.CharField(max_length=12, choices=Side.choices)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]
