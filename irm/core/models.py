from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One append-only entry of the audit trail.

    Written by services in the same transaction as the change it records (see `irm.core.audit`).
    Each event carries the hash of the previous one, so that `irm audit verify` finds any row
    that was altered, inserted or deleted behind the platform's back.
    """

    seq = models.PositiveBigIntegerField(unique=True, editable=False)
    created_at = models.DateTimeField(editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(
        max_length=150, blank=True, help_text=_("Username at the time, or 'system'.")
    )
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80, db_index=True)
    object_id = models.CharField(max_length=80, blank=True, db_index=True)
    object_repr = models.CharField(max_length=255, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    reason = models.TextField(blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class AuditChainHead(models.Model):
    """A single row locked while an event is appended, so concurrent writers form one chain."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    #: The hash of the newest shared event (`irm.core.events.Event.shared`): the content version that
    #: public answers and reports are cached by (`irm.core.audit.content_version`). Empty before any.
    shared_hash = models.CharField(max_length=64, default="", blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="audit_chain_head_singleton")]

    def __str__(self) -> str:
        return f"audit chain head at #{self.last_seq}"


class WorkerHeartbeat(models.Model):
    """The last sign of life of each background worker (`irm worker` writes it every few seconds);
    `GET /healthz` reports the age of the newest one."""

    worker = models.CharField(max_length=200, unique=True, help_text=_("host:pid of the worker process"))
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"worker {self.worker} alive at {self.beat_at:%Y-%m-%d %H:%M:%S}"
