"""The administrator can browse and open every model in Django admin."""

import pytest
from django.apps import apps
from django.contrib import admin

DOVETAIL_MODELS = [model for model in apps.get_models() if model.__module__.startswith("dovetail.")]


@pytest.mark.parametrize("model", DOVETAIL_MODELS, ids=lambda m: m._meta.label)
def test_every_model_has_a_working_admin(client_as, model):
    assert model in admin.site._registry, f"{model._meta.label} has no admin"
    meta = model._meta
    client = client_as("admin")
    assert client.get(f"/admin/{meta.app_label}/{meta.model_name}/").status_code == 200
    first = model._default_manager.first()
    if first is not None:
        url = f"/admin/{meta.app_label}/{meta.model_name}/{first.pk}/change/"
        assert client.get(url).status_code == 200
