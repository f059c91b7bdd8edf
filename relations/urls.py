from django.urls import path

app_name = "relations"

urlpatterns: list = []
