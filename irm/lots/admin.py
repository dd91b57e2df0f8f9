"""Read-only admin: draws and their conditions are written only by the services (with audit events)."""

from django.contrib import admin

from irm.lots.models import Deferral, Draw, Exclusion, Volunteer


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Draw)
class DrawAdmin(ReadOnly):
    list_display = ("pk", "cycle", "kind", "year", "state", "seed", "algorithm", "exceptional", "created_at")
    list_filter = ("cycle", "kind", "exceptional")


@admin.register(Volunteer)
class VolunteerAdmin(ReadOnly):
    list_display = ("cycle", "state", "year")


@admin.register(Deferral)
class DeferralAdmin(ReadOnly):
    list_display = ("cycle", "state", "year", "reason")


@admin.register(Exclusion)
class ExclusionAdmin(ReadOnly):
    list_display = ("cycle", "state", "kind", "reason")
