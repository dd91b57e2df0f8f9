from django.apps import AppConfig


class ChecklistsConfig(AppConfig):
    name = "irm.checklists"
    label = "checklists"

    def ready(self) -> None:
        from irm.checklists.permissions import articles_assigned_on_review
        from irm.reviews.permissions import register_article_assignments

        # Contributors see the draft findings of the articles assigned to them here (issue 14 §5).
        register_article_assignments(articles_assigned_on_review)
