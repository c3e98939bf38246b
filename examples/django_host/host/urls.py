from django.urls import include, path

urlpatterns = [
    path("", include("reboot_django.urls")),
]
