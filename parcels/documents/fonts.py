"""The embedded CJK font. WenQuanYi Zen Hei (Debian `fonts-wqy-zenhei`, GPL with the font
embedding exception) carries Latin, kana, Han (simplified and traditional) and Hangul glyphs in
TrueType outlines, which reportlab embeds as a subset of the glyphs a document uses."""

from django.conf import settings
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

FONT = "CJK"
FONT_BOLD = "CJK-Bold"
DEFAULT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"


class FontMissing(RuntimeError):
    """The CJK font file is not installed: documents would print without Asian glyphs."""


def register() -> str:
    """Register the font once (idempotent) and return its name."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return FONT
    path = getattr(settings, "CJK_FONT_PATH", "") or DEFAULT_PATH
    try:
        regular = TTFont(FONT, path, subfontIndex=0)
    except (OSError, TTFError) as error:
        raise FontMissing(
            f"The CJK font for waybills and customs forms is missing ({path}): install the Debian "
            "package fonts-wqy-zenhei (apt-get install fonts-wqy-zenhei) or point CJK_FONT_PATH "
            "at a TrueType font with Japanese and Chinese glyphs."
        ) from error
    pdfmetrics.registerFont(regular)
    # Zen Hei has one weight; the "bold" face is the same outlines, kept apart so callers say
    # what they mean and a bold cut can be dropped in later.
    pdfmetrics.registerFont(TTFont(FONT_BOLD, path, subfontIndex=0))
    return FONT
