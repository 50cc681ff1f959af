from django.urls import path

from . import views

app_name = "boards"

urlpatterns = [
    path("areas/<slug:slug>/", views.AreaDetailView.as_view(), name="area_detail"),
]

for _name in (
    "board",
    "organisation",
    "person",
    "subgroup",
    "membership",
    "post",
    "priority",
    "meeting",
):
    _cls = "".join(part.capitalize() for part in _name.split("_"))
    _plural = {"person": "people", "priority": "priorities"}.get(_name, f"{_name}s")
    urlpatterns += [
        path(f"{_plural}/", getattr(views, f"{_cls}ListView").as_view(), name=f"{_name}_list"),
        path(
            f"{_plural}/add/", getattr(views, f"{_cls}CreateView").as_view(), name=f"{_name}_create"
        ),
        path(
            f"{_plural}/<int:pk>/",
            getattr(views, f"{_cls}DetailView").as_view(),
            name=f"{_name}_detail",
        ),
        path(
            f"{_plural}/<int:pk>/edit/",
            getattr(views, f"{_cls}UpdateView").as_view(),
            name=f"{_name}_update",
        ),
    ]
    if _name in views.DELETABLE:
        urlpatterns.append(
            path(
                f"{_plural}/<int:pk>/delete/",
                getattr(views, f"{_cls}DeleteView").as_view(),
                name=f"{_name}_delete",
            )
        )
