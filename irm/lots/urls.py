app_name = "lots"
urlpatterns: list = []
