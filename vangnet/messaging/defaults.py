"""The default texts shipped with Vangnet: `defaults/<language>/<code>.toml`, read into TemplateSpecs.

Pure reading of package files; `services.templates_install_defaults` writes them for a corporation.
"""

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from vangnet.core.channels import TEMPLATE_KINDS
from vangnet.messaging.placeholders import expand_tone

DEFAULTS_DIR = Path(__file__).parent / "defaults"
TONES = ("u", "je")
# A default file has one table per channel kind a template is written for ([email], [sms], ..., [call]).
CHANNEL_KEYS = tuple(kind.value for kind in TEMPLATE_KINDS)
# Languages tenants can choose (tenants.Language); one without a file falls back to Dutch at send time.
LANGUAGES = ("nl", "en", "tr", "ar", "pl")


@dataclass(frozen=True)
class TemplateSpec:
    code: str
    name: str
    channel: str
    language: str
    tone: str
    subject: str
    body_text: str


@cache
def default_specs() -> tuple[TemplateSpec, ...]:
    specs: list[TemplateSpec] = []
    for path in sorted(DEFAULTS_DIR.glob("*/*.toml")):
        language, code = path.parent.name, path.stem
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        formal_only = bool(data.get("formal_only", False))
        for channel in CHANNEL_KEYS:
            table = data.get(channel)
            if not table:
                continue
            for tone in TONES:
                source_tone = "u" if formal_only else tone
                specs.append(
                    TemplateSpec(
                        code=code,
                        name=expand_tone(data.get("name", code), source_tone),
                        channel=channel,
                        language=language,
                        tone=tone,
                        subject=expand_tone(table.get("subject", ""), source_tone).strip(),
                        body_text=expand_tone(table["text"], source_tone).strip() + "\n",
                    )
                )
    return tuple(specs)


@cache
def formal_codes() -> frozenset[str]:
    """Codes whose texts keep "u" in both tones (legal and business letters): their greeting is formal too."""
    return frozenset(
        path.stem
        for path in DEFAULTS_DIR.glob("*/*.toml")
        if tomllib.loads(path.read_text(encoding="utf-8")).get("formal_only")
    )


def default_codes() -> set[str]:
    return {spec.code for spec in default_specs()}
