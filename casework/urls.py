from django.urls import path

from . import views

app_name = "casework"

# <tenancy_reference> is a tenancy's reference; officers see every tenancy (404 if none).
urlpatterns = [
    path("", views.home, name="home"),
    path("imports/", views.imports, name="imports"),
    path("take-next/", views.take_next, name="take_next"),
    path("items/<int:item_id>/assign/", views.item_assign, name="item_assign"),
    path("items/<int:item_id>/release/", views.item_release, name="item_release"),
    path("items/<int:item_id>/done/", views.item_done, name="item_done"),
    path("cases/<str:tenancy_reference>/", views.case, name="case"),
    path("cases/<str:tenancy_reference>/notes/", views.case_note_add, name="case_note_add"),
    path(
        "cases/<str:tenancy_reference>/breathing-space/",
        views.breathing_space_record,
        name="breathing_space_record",
    ),
    path(
        "cases/<str:tenancy_reference>/breathing-space/end/",
        views.breathing_space_end,
        name="breathing_space_end",
    ),
    path(
        "cases/<str:tenancy_reference>/extra-care/",
        views.vulnerability_set,
        name="vulnerability_set",
    ),
    path(
        "cases/<str:tenancy_reference>/extra-care/clear/",
        views.vulnerability_clear,
        name="vulnerability_clear",
    ),
]
