import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINES = {
    "en": "Shop in Japan, ship to your door",
    "zh-hans": "在日本购物，送货到家",
    "ja": "日本で買い物、ご自宅へお届け",
}


@pytest.mark.parametrize(
    ("accept", "code"), [("en-US", "en"), ("zh-CN", "zh-hans"), ("ja-JP", "ja")]
)
def test_the_home_page_renders_in_the_browsers_language(
    browser_instance, live_server, accept, code
):
    context = browser_instance.new_context(locale=accept, base_url=live_server.url)
    page = context.new_page()

    page.goto("/")

    assert page.locator("h1").inner_text() == HEADLINES[code]
    assert page.locator("html").get_attribute("lang") == code
    context.close()


def test_the_language_switcher_changes_the_site_language(page):
    page.goto("/")
    assert page.locator("h1").inner_text() == HEADLINES["en"]

    page.select_option("#language-select", "ja")
    page.wait_for_load_state("networkidle")

    assert page.locator("h1").inner_text() == HEADLINES["ja"]
    page.goto("/no-such-page/")  # the choice sticks, error pages included
    assert "ページが見つかりません" in page.content()
    page.goto("/")
    page.select_option("#language-select", "zh-hans")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == HEADLINES["zh-hans"]
