"""What every printable page shares: fonts that set Chinese without embedding anything (the
PDF standard's Adobe-GB1 CID font) and Helvetica for English."""

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

CJK_FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))


def fonts(language: str) -> tuple[str, str]:
    """(regular, bold) font names for ``language`` ("en" or "zh")."""
    if language == "zh":
        return CJK_FONT, CJK_FONT
    return "Helvetica", "Helvetica-Bold"
