import pytest

from tests.disputes.conftest import JPEG, PDF, PNG
from vangnet.disputes.attachments import MAX_ATTACHMENT_BYTES, attachment_content_type, attachment_problems


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("factuur.pdf", PDF, "application/pdf"),
        ("foto.PNG", PNG, "image/png"),
        ("foto.jpeg", JPEG, "image/jpeg"),
        ("foto.jpg", JPEG, "image/jpeg"),
    ],
)
def test_real_pdf_png_and_jpeg_pass(name, data, content_type):
    assert attachment_problems(name=name, size=len(data), head=data[:16]) == []
    assert attachment_content_type(data[:16]) == content_type


def test_a_renamed_file_is_refused_by_its_content():
    fake = b"MZ\x90\x00\x03\x00\x00\x00"  # a Windows program called factuur.pdf
    assert attachment_problems(name="factuur.pdf", size=4000, head=fake) == [
        "factuur.pdf kunnen we niet gebruiken. Stuur een PDF, JPG of PNG."
    ]


def test_the_extension_must_match_the_content():
    assert attachment_problems(name="foto.png", size=len(PDF), head=PDF[:16])
    assert attachment_problems(name="factuur.docx", size=len(PDF), head=PDF[:16])
    assert attachment_problems(name="zonder-extensie", size=len(PNG), head=PNG[:16])


def test_empty_and_too_large_files_are_refused():
    assert attachment_problems(name="leeg.pdf", size=0, head=b"") == ["leeg.pdf is leeg."]
    assert attachment_problems(name="groot.pdf", size=MAX_ATTACHMENT_BYTES + 1, head=PDF[:16]) == [
        "groot.pdf is te groot. Een bijlage mag hoogstens 10 MB zijn."
    ]
    assert attachment_problems(name="precies.pdf", size=MAX_ATTACHMENT_BYTES, head=PDF[:16]) == []


def test_a_path_in_the_name_is_not_repeated_back():
    problems = attachment_problems(name="../../etc/passwd", size=10, head=b"root:x:0:0")
    assert problems == ["passwd kunnen we niet gebruiken. Stuur een PDF, JPG of PNG."]
