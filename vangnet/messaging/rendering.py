"""Turn a template and a message's data into what the tenant receives, per channel. Pure, apart from typst.

Block placeholders become a table and a payment block: HTML in e-mail, layout blocks in a letter, plain
lines in the text version. SMS and voice have no blocks (refused when the template is saved).
"""

import html
import re
from dataclasses import dataclass
from decimal import Decimal

from vangnet.core.money import format_euro
from vangnet.messaging import letters
from vangnet.messaging.context import MessageData
from vangnet.messaging.placeholders import substitute, substitute_html
from vangnet.messaging.sms import sms_length

BLOCK_MARK = "\x00{}\x00"
LINK_PLACEHOLDERS = frozenset({"betaallink", "portaallink", "campagnelink"})


@dataclass
class Rendered:
    subject: str = ""
    text: str = ""
    html: str = ""
    pdf: bytes | None = None
    pages: int = 0
    segments: int = 0
    render_data: dict | None = None
    language: str = ""  # the language of the text (a voice message is read by a voice of that language)


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def open_items_text(data: MessageData, language: str | None = None) -> str:
    labels = letters.labels(language or data.language)
    lines = [
        f"{item.due_date:%d-%m-%Y}  {item.description}  {format_euro(item.open_amount)}"
        for item in data.open_items
    ]
    lines.append(f"{labels['total_open']}: {data.values['achterstand']}")
    return "\n".join(lines)


def payment_text(data: MessageData, language: str | None = None) -> str:
    labels = letters.labels(language or data.language)
    return (
        f"IBAN: {data.values['iban']}\n{labels['payment_reference']}: {data.values['betalingskenmerk']}\n"
        f"{labels['amount']}: {data.values['achterstand']}\n{labels['payment_link']}: {data.values['betaallink']}"
    )


def open_items_html(data: MessageData, colour: str, language: str = "nl") -> str:
    labels = letters.labels(language)
    # Physical sides (mail clients do not all know start/end): mirrored for a right-to-left language.
    start, end = ("right", "left") if letters.direction(language) == "rtl" else ("left", "right")
    rows = "".join(
        f'<tr><td style="padding:4px 8px">{item.due_date:%d-%m-%Y}</td>'
        f'<td style="padding:4px 8px">{html.escape(item.description)}</td>'
        f'<td style="padding:4px 8px;text-align:{end}">{format_euro(item.open_amount)}</td></tr>'
        for item in data.open_items
    )
    return (
        '<table role="presentation" style="border-collapse:collapse;margin:8px 0">'
        f'<tr style="background:{colour}1a"><th style="padding:4px 8px;text-align:{start}">{labels["due"]}</th>'
        f'<th style="padding:4px 8px;text-align:{start}">{labels["description"]}</th>'
        f'<th style="padding:4px 8px;text-align:{end}">{labels["open"]}</th></tr>'
        f'{rows}<tr><td></td><td style="padding:4px 8px"><strong>{labels["total_open"]}</strong></td>'
        f'<td style="padding:4px 8px;text-align:{end}"><strong>{data.values["achterstand"]}</strong></td></tr></table>'
    )


def render_email(subject: str, body_text: str, body_html: str, data: MessageData) -> Rendered:
    text_values = data.values | {"open_posten": open_items_text(data), "qr_code": payment_text(data)}
    text = substitute(body_text, text_values).strip() + "\n"
    colour = data.brand.get("primary", "#1a5e8a")
    html_values = data.values | {
        "open_posten": open_items_html(data, colour, data.language),
        "qr_code": "<p>" + html.escape(payment_text(data)).replace("\n", "<br>") + "</p>",
    }
    for name in LINK_PLACEHOLDERS:
        url = html.escape(data.values[name])
        html_values[name] = f'<a href="{url}" style="color:{colour}">{url}</a>'
    if body_html.strip():
        inner = _substitute_html_links(body_html, html_values)
    else:
        inner = _text_to_html(body_text, html_values)
    if data.legal_nl is not None and data.language != "nl":
        # A translated legal message carries the corporation's Dutch text, which is the one that counts.
        labels = letters.labels(data.language)
        text_nl = data.legal_nl["body_text"]
        text = (
            f"{labels['legal_note_email']}\n\n{text}\n---\n{letters.LEGAL_HEADING_EMAIL_NL}\n\n"
            f"{letters.LEGAL_NOTE_EMAIL_NL}\n\n"
            + substitute(
                text_nl,
                text_values
                | data.legal_nl["values"]
                | {"open_posten": open_items_text(data, "nl"), "qr_code": payment_text(data, "nl")},
            ).strip()
            + "\n"
        )
        inner = (
            f'<p style="margin:0 0 12px"><strong>{html.escape(labels["legal_note_email"])}</strong></p>{inner}'
            '<hr style="border:0;border-top:1px solid #999;margin:24px 0">'
            f'<div lang="nl" dir="ltr"><h2 style="font-size:18px">{letters.LEGAL_HEADING_EMAIL_NL}</h2>'
            f"<p><strong>{letters.LEGAL_NOTE_EMAIL_NL}</strong></p>"
            + _text_to_html(
                text_nl,
                html_values
                | data.legal_nl["values"]
                | {
                    "open_posten": open_items_html(data, colour),
                    "qr_code": "<p>" + html.escape(payment_text(data, "nl")).replace("\n", "<br>") + "</p>",
                },
            )
            + "</div>"
        )
    brand = data.brand
    document = (
        f'<!doctype html><html lang="{data.language}" dir="{letters.direction(data.language)}">'
        '<head><meta charset="utf-8">'
        f"<title>{html.escape(substitute(subject, data.values))}</title></head>"
        '<body style="margin:0;padding:0;background:#f4f4f4;font-family:Arial,sans-serif;font-size:16px;'
        'line-height:1.5;color:#1a1a1a">'
        '<div style="max-width:600px;margin:0 auto;background:#ffffff;padding:24px">'
        f'<p style="font-size:20px;font-weight:bold;color:{colour};margin:0 0 16px">{html.escape(brand["name"])}</p>'
        f"{inner}"
        f'<hr style="border:0;border-top:2px solid {brand.get("accent", colour)};margin:24px 0 8px">'
        f'<p style="font-size:13px;color:#555">{html.escape(brand["name"])} · {html.escape(brand.get("phone", ""))}'
        f" · {html.escape(brand.get('website', ''))}</p></div></body></html>"
    )
    return Rendered(subject=substitute(subject, data.values).strip(), text=text, html=document)


def _substitute_html_links(body_html: str, values: dict[str, str]) -> str:
    # Blocks and links are already HTML; everything else is escaped by substitute_html.
    return substitute_html(body_html, values, raw=LINK_PLACEHOLDERS)


def _text_to_html(body_text: str, values: dict[str, str]) -> str:
    parts = []
    for paragraph in _paragraphs(body_text):
        rendered = substitute_html(paragraph, values, raw=LINK_PLACEHOLDERS)
        if rendered.startswith("<table") or rendered.startswith("<p>"):
            parts.append(rendered)
        else:
            parts.append('<p style="margin:0 0 12px">' + rendered.replace("\n", "<br>") + "</p>")
    return "".join(parts)


def render_sms(body_text: str, data: MessageData) -> Rendered:
    text = " ".join(substitute(body_text, data.values).split())
    return Rendered(text=text, segments=sms_length(text).segments)


def render_voice(body_text: str, data: MessageData) -> Rendered:
    text = "\n".join(" ".join(line.split()) for line in substitute(body_text, data.voice_values).splitlines())
    return Rendered(text=text.strip(), language=data.language)


def letter_input(*, subject: str, body_text: str, data: MessageData, code: str) -> dict:
    """The JSON one letter is laid out from (also kept on the message for the print batch).

    A legal letter in another language than Dutch carries the corporation's Dutch text beside it (`legal`),
    rendered with the Dutch sentences: the Dutch text is the one that counts, and the letter says so."""
    item = {
        "address": data.address_lines,
        "date": data.values["datum"],
        "contract": data.values["contractnummer"],
        "code": code.split("-")[0].upper(),
        "subject": substitute(subject, data.values).strip(),
        "blocks": _letter_blocks(body_text, data, data.values, language=data.language),
        "lang": data.language,
        "dir": letters.direction(data.language),
        "labels": letters.labels(data.language),
    }
    if data.legal_nl is not None and data.language != "nl":
        values_nl = data.values | data.legal_nl["values"]
        item["legal"] = {
            "heading": letters.LEGAL_HEADING_NL,
            "note": letters.LEGAL_NOTE_NL,
            "subject": substitute(data.legal_nl["subject"], values_nl).strip(),
            "blocks": _letter_blocks(data.legal_nl["body_text"], data, values_nl, language="nl"),
            "labels": letters.labels("nl"),
        }
    return item


def _letter_blocks(body_text: str, data: MessageData, values: dict[str, str], *, language: str) -> list[dict]:
    labels = letters.labels(language)
    marks = {"open_posten": BLOCK_MARK.format("open_posten"), "qr_code": BLOCK_MARK.format("qr_code")}
    body = substitute(body_text, values | marks)
    blocks: list[dict] = []
    for paragraph in _paragraphs(body):
        if paragraph == marks["open_posten"]:
            blocks.append(
                {
                    "kind": "table",
                    "items": [
                        {
                            "due": f"{i.due_date:%d-%m-%Y}",
                            "description": i.description,
                            "amount": format_euro(i.amount),
                            "open": format_euro(i.open_amount),
                        }
                        for i in data.open_items
                    ],
                    "total_label": labels["total_open"],
                    "total": values["achterstand"],
                }
            )
        elif paragraph == marks["qr_code"]:
            if data.qr is None:
                continue
            qr = data.qr
            blocks.append(
                {
                    "kind": "payment",
                    "qr_payload": letters.epc_payload(
                        name=qr["name"],
                        iban=qr["iban"],
                        amount=Decimal(qr["amount"]),
                        text=qr["text"],
                        bic=qr["bic"],
                    ),
                    "title": labels["pay"],
                    "text": labels["scan"],
                    "iban": qr["iban"],
                    "reference": qr["reference_label"],
                    "amount": format_euro(Decimal(qr["amount"])),
                    "link": values["betaallink"],
                }
            )
        else:
            blocks.append(
                {"kind": "p", "text": paragraph.replace(BLOCK_MARK.format("open_posten"), "").strip()}
            )
    return blocks


def _blocks_text(blocks: list[dict], data: MessageData, language: str) -> str:
    return "\n\n".join(
        b["text"]
        if b["kind"] == "p"
        else (open_items_text(data, language) if b["kind"] == "table" else payment_text(data, language))
        for b in blocks
    )


def render_letter(subject: str, body_text: str, data: MessageData, *, code: str) -> Rendered:
    item = letter_input(subject=subject, body_text=body_text, data=data, code=code)
    pdf = letters.render_letters([item], brand=data.brand, title=item["subject"])
    legal = item.get("legal")
    for block in item["blocks"] + (legal["blocks"] if legal else []):
        block.pop("qr_svg", None)  # kept as its payload; the print batch draws it again
    text = _blocks_text(item["blocks"], data, data.language)
    if legal:
        text += f"\n\n{legal['heading']}\n\n{legal['note']}\n\n{legal['subject']}\n\n"
        text += _blocks_text(legal["blocks"], data, "nl")
    return Rendered(
        subject=item["subject"], text=text + "\n", pdf=pdf, pages=letters.page_count(pdf), render_data=item
    )
