from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "irm.reviews"
    label = "reviews"
