"""The analytics' one table: the secretariat's proposals for the next phase (issue 22 §6).

The process analytics themselves are computed from the reviews on every request and store nothing.
A proposal keeps what the secretariat wrote (`config`, the JSON of `simulation.Proposal`, checked by
the same validator as a file); its results are computed when it is shown, from the data of that day.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Proposal(models.Model):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    config = models.JSONField(_("settings"), default=dict)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name", "id")
        verbose_name = _("proposal for the next phase")
        verbose_name_plural = _("proposals for the next phase")
        constraints = (models.UniqueConstraint(fields=["name"], name="analytics_proposal_name_unique"),)

    def __str__(self) -> str:
        return self.name
