"""A document generated in the background: what was asked, how far it got, and the file.

A finished job is also the cache of its content version: the same kind and key (a hash of the data the
document is rendered from, its parameters and the Word templates) is answered from the finished job,
instantly, and enqueues nothing.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    PENDING = "pending", _("Waiting for the worker")
    RUNNING = "running", _("Being generated")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class DocumentJob(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=60, help_text=_("A kind registered in irm.documents.registry."))
    key = models.CharField(
        max_length=64, help_text=_("Hash of the content version, the parameters and the templates.")
    )
    params = models.JSONField(default=dict)
    title = models.CharField(max_length=300)
    filename = models.CharField(max_length=200)
    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True, help_text=_("Why it failed, in words."))
    content = models.BinaryField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One live job per content version: a second request finds the first (a failed one may be retried).
            models.UniqueConstraint(
                fields=["kind", "key"],
                condition=~models.Q(state="failed"),
                name="documents_one_live_job_per_version",
            ),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="documents_progress_percent"),
        ]
        indexes = [models.Index(fields=["kind", "key"])]

    def __str__(self) -> str:
        return f"{self.title} [{self.state}]"

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)
