"""A credential as a printable PDF certificate, in English or Simplified Chinese, with a QR code
that opens its verification page. Chinese uses the PDF standard's Adobe-GB1 CID font, so nothing
is embedded or downloaded."""

from io import BytesIO

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from dovetail.core.pdf import fonts


def _qr(url: str, size: float) -> Drawing:
    widget = QrCodeWidget(url)
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(
        size, size, transform=[size / (right - left), 0, 0, size / (top - bottom), 0, 0]
    )
    drawing.add(widget)
    return drawing


def certificate(credential, verdict, url: str, language: str) -> bytes:
    """The PDF of ``credential`` in ``language`` ("en" or "zh")."""
    achievement = credential.achievement
    with translation.override("zh-hans" if language == "zh" else "en"):
        font, bold = fonts(language)
        name = achievement.name_zh if language == "zh" and achievement.name_zh else achievement.name
        issuer = (
            credential.issuer.name_zh
            if language == "zh" and credential.issuer.name_zh
            else credential.issuer.name
        )
        lines = [
            (_("This certifies that"), font, 14),
            (str(credential.learner.user), bold, 24),
            (_("has achieved"), font, 14),
            (name, bold, 22),
            (achievement.get_kind_display(), font, 12),
        ]
        facts = [
            _("Issued by %(issuer)s on %(date)s")
            % {"issuer": issuer, "date": credential.issued_at.date().isoformat()},
            _("Status: %(state)s") % {"state": verdict.label},
        ]
        if achievement.credits:
            facts.append(_("Credits: %(credits)s") % {"credits": achievement.credits})
        if credential.valid_until:
            facts.append(
                _("Valid until %(date)s") % {"date": credential.valid_until.date().isoformat()}
            )
        facts.append(_("Verify at %(url)s") % {"url": url})
        title = _("Certificate of achievement")

    buffer = BytesIO()
    width, height = landscape(A4)
    page = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=1)
    page.setTitle(f"{title}: {name}")
    page.setLineWidth(2)
    page.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    page.setFont(bold, 30)
    page.drawCentredString(width / 2, height - 45 * mm, title)
    y = height - 70 * mm
    for text, face, size in lines:
        page.setFont(face, size)
        page.drawCentredString(width / 2, y, text)
        y -= size + 6 * mm
    page.setFont(font, 10)
    y = 45 * mm
    for fact in facts:
        page.drawString(25 * mm, y, fact)
        y -= 6 * mm
    renderPDF.draw(_qr(url, 32 * mm), page, width - 55 * mm, 22 * mm)
    page.showPage()
    page.save()
    return buffer.getvalue()
