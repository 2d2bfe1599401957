"""A module's current loose-leaf edition as a printable PDF, English or Chinese."""

from io import BytesIO
from xml.sax.saxutils import escape

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from dovetail.core.pdf import fonts


def edition_pdf(module, sections, language: str) -> bytes:
    """``sections``: the edition's SectionViews, in order."""
    regular, bold = fonts(language)
    body = ParagraphStyle(
        "body",
        fontName=regular,
        fontSize=10.5,
        leading=15,
        wordWrap="CJK" if language == "zh" else None,
    )
    heading = ParagraphStyle(
        "heading", parent=body, fontName=bold, fontSize=13, leading=18, spaceBefore=8
    )
    title = ParagraphStyle("title", parent=heading, fontSize=18, leading=24)
    note = ParagraphStyle("note", parent=body, fontSize=8.5, textColor="#555555")
    with translation.override("zh-hans" if language == "zh" else "en"):
        name = module.name_zh if language == "zh" and module.name_zh else module.name
        story = [
            Paragraph(escape(name), title),
            Paragraph(
                escape(
                    _("Current edition, printed %(date)s")
                    % {"date": timezone.localdate().isoformat()}
                ),
                note,
            ),
            Spacer(1, 6 * mm),
        ]
        for view in sections:
            if view.current is None:
                continue
            story.append(
                Paragraph(escape(f"{view.section.position}. {view.section.title}"), heading)
            )
            story.append(
                Paragraph(
                    escape(
                        _("Revision %(number)s, %(date)s, by %(author)s: %(reason)s")
                        % {
                            "number": view.current.number,
                            "date": view.current.published_at.date().isoformat(),
                            "author": view.current.author,
                            "reason": view.current.reason,
                        }
                    ),
                    note,
                )
            )
            for paragraph in view.current.body.split("\n\n"):
                story.append(Paragraph(escape(paragraph).replace("\n", "<br/>"), body))
    buffer = BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=A4, title=name, leftMargin=20 * mm, rightMargin=20 * mm
    ).build(story)
    return buffer.getvalue()
