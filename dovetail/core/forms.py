"""Helpers shared by the apps' page forms."""

from dovetail.core.errors import ServiceError


def call_service(form, call):
    """Run ``call`` for a valid form; on a ServiceError, show it on the field it names."""
    try:
        return call()
    except ServiceError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return None
