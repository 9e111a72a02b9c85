"""The corporation's colours on the tenant's pages, with text that stays readable (WCAG 2.1 contrast)."""

import re

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
FALLBACK = "#1a5e8a"


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def safe_colour(value: str) -> str:
    return value if HEX.match(value or "") else FALLBACK


def text_on(background: str) -> str:
    """Black or white, whichever contrasts more with the background."""
    return (
        "#ffffff"
        if contrast_ratio(background, "#ffffff") >= contrast_ratio(background, "#000000")
        else "#000000"
    )


def brand_css(primary: str) -> str:
    colour = safe_colour(primary)
    # As link and heading colour on white the brand colour needs 4.5:1; otherwise use a dark neutral.
    ink = colour if contrast_ratio(colour, "#ffffff") >= 4.5 else "#1f2933"
    return f":root {{\n  --brand: {colour};\n  --brand-text: {text_on(colour)};\n  --brand-ink: {ink};\n}}\n"
