from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dovetail.core.models import Organisation


class IssuerKey(models.Model):
    """An organisation's Ed25519 signing key. The private half is stored encrypted; a rotated
    key is retired, not deleted, so credentials it signed keep verifying."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="issuer_keys"
    )
    public_multibase = models.CharField(_("public key"), max_length=64, unique=True)
    encrypted_private_key = models.BinaryField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    retired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["organisation_id", "created_at", "pk"]
        verbose_name = _("issuer key")
        verbose_name_plural = _("issuer keys")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(retired_at__isnull=True),
                name="one_active_issuer_key",
            )
        ]

    def __str__(self):
        return f"{self.organisation} · {self.public_multibase[:16]}…"
