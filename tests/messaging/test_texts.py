"""Placeholders, SMS length and the shipped default texts (including the legal rules of the 14-day letter)."""

import re

import pytest

from vangnet.flows.defaults import FLOWS
from vangnet.flows.legal.fourteen_day_letter import TERM_WORDING_NL
from vangnet.messaging.defaults import default_codes, default_specs
from vangnet.messaging.models import MessageTemplate
from vangnet.messaging.placeholders import expand_tone, substitute, substitute_html, template_errors
from vangnet.messaging.services import template_validate, templates_install_defaults
from vangnet.messaging.sms import sms_length


@pytest.mark.parametrize(
    ("text", "encoding", "segments"),
    [
        ("a" * 160, "GSM-7", 1),
        ("a" * 161, "GSM-7", 2),
        ("a" * 306, "GSM-7", 2),
        ("a" * 307, "GSM-7", 3),
        ("€" * 80, "GSM-7", 1),  # extension characters count double: 160 septets
        ("€" * 81, "GSM-7", 2),
        ("ş" + "a" * 69, "UCS-2", 1),
        ("ş" + "a" * 70, "UCS-2", 2),
        ("ş" + "a" * 133, "UCS-2", 2),
        ("ş" + "a" * 134, "UCS-2", 3),
        ("", "GSM-7", 0),
    ],
)
def test_sms_segments(text, encoding, segments):
    length = sms_length(text)
    assert (length.encoding, length.segments) == (encoding, segments)


def test_unknown_and_malformed_placeholders_are_errors():
    assert template_errors("Beste {{ naam }}, {{ achterstand }}", channel="email") == []
    assert "Onbekend veld: {{ bedragg }}." in template_errors("{{ bedragg }}", channel="email")
    assert template_errors("Beste {{ naam }", channel="sms")
    assert template_errors("{{ open_posten }}", channel="sms") == [
        "Het veld {{ open_posten }} kan alleen in een e-mail of brief."
    ]
    assert template_errors("{{ open_posten }}", channel="letter") == []


def test_substitution_escapes_html_but_not_blocks():
    values = {"naam": "<b>Jan</b>", "open_posten": "<table></table>"}
    assert substitute_html("{{ naam }} {{ open_posten }}", values) == "&lt;b&gt;Jan&lt;/b&gt; <table></table>"
    assert substitute("{{naam}}!", {"naam": "Jan"}) == "Jan!"


def test_tone_markers():
    assert expand_tone("[[Wilt u|Wil je]] betalen?", "u") == "Wilt u betalen?"
    assert expand_tone("[[Wilt u|Wil je]] betalen?", "je") == "Wil je betalen?"


def test_every_template_code_of_the_default_flows_has_defaults():
    used = {step.template for flow in FLOWS for step in flow.steps if step.template}
    assert used <= default_codes()
    assert {"storno-md06", "storno-algemeen", "belscript", "betaallink"} <= default_codes()
    for flow in FLOWS:
        for step in flow.steps:
            for channel in step.channels:
                assert any(
                    s.code == step.template and s.channel == channel and s.language == "nl"
                    for s in default_specs()
                ), (step.template, channel)


def test_default_texts_are_valid_and_have_no_leftover_tone_markers():
    for spec in default_specs():
        assert (
            template_validate(channel=spec.channel, subject=spec.subject, body_text=spec.body_text) == []
        ), spec
        assert "[[" not in spec.body_text and "]]" not in spec.body_text, spec
        if spec.tone == "je" and spec.code not in {
            "veertiendagenbrief",
            "zakelijk-herinnering",
            "zakelijk-aanmaning",
        }:
            assert not re.search(r"\b(u|uw)\b", spec.body_text + spec.subject), (spec.code, spec.channel)


def test_the_fourteen_day_letter_is_legally_worded():
    specs = [s for s in default_specs() if s.code == "veertiendagenbrief"]
    assert {s.channel for s in specs} == {"letter", "email"}  # never SMS or voice
    for spec in specs:
        text = spec.body_text.lower()
        assert "dagtekening" not in text and "na heden" not in text
        assert "{{ achterstand }}" in spec.body_text  # the principal
        assert "{{ gevolgen_niet_betalen }}" in spec.body_text  # term (TERM_WORDING_NL) and the exact costs
    assert "dagtekening" not in TERM_WORDING_NL


def test_install_defaults_is_idempotent_and_keeps_own_texts(corporation):
    count = MessageTemplate.objects.filter(corporation=corporation).count()
    assert count == len(default_specs())
    own = MessageTemplate.objects.get(
        corporation=corporation, code="herinnering-sms", channel="sms", language="nl", tone="u"
    )
    own.body_text, own.is_default = "Eigen tekst {{ naam }}", False
    own.save()
    assert templates_install_defaults(corporation=corporation) == 0
    own.refresh_from_db()
    assert own.body_text == "Eigen tekst {{ naam }}"
    assert MessageTemplate.objects.filter(corporation=corporation).count() == count


def test_languages_beyond_dutch_have_their_structure():
    languages = {spec.language for spec in default_specs()}
    assert {"nl", "en", "tr", "ar", "pl"} <= languages
    turkish = next(s for s in default_specs() if s.language == "tr" and s.channel == "sms" and s.tone == "u")
    assert sms_length(turkish.body_text).encoding == "UCS-2"


def test_the_fourteen_day_letter_cannot_lose_its_legal_parts(corporation):
    from tests.factories import UserFactory
    from vangnet.core.errors import ApplicationError
    from vangnet.messaging.services import template_update

    letter = MessageTemplate.objects.get(
        corporation=corporation, code="veertiendagenbrief", channel="letter", language="nl", tone="u"
    )
    with pytest.raises(
        ApplicationError,
        match=r"De veertiendagenbrief moet het veld \{\{ gevolgen_niet_betalen \}\} bevatten",
    ) as refused:
        template_update(
            template=letter,
            subject=letter.subject,
            body_text="{{ aanhef }}, betaal {{ achterstand }} binnen veertien dagen na dagtekening.",
            actor=UserFactory(),
        )
    assert "{{ gevolgen_niet_betalen }}" in refused.value.message and "dagtekening" in refused.value.message
    own = letter.body_text.replace("Kunt u niet", "Lukt het niet? Kunt u niet")
    template_update(template=letter, subject=letter.subject, body_text=own, actor=UserFactory())
