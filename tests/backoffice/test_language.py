def test_the_ui_is_dutch_whatever_the_browser_asks(staff_a):
    response = staff_a.client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "nl"


def test_the_language_switch_chooses_english(staff_a):
    staff_a.client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = staff_a.client.get("/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.headers["Content-Language"] == "en"
