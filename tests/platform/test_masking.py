"""The platform's masking of personal data on display (P4(4)): what each kind of value keeps."""

from transship.masking import mask_email, mask_name, mask_phone, mask_text


def test_a_mobile_number_keeps_its_first_three_and_last_four_digits():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("+86 138 1234 5678") == "+86 1** **** 5678"
    assert mask_phone("") == ""


def test_a_name_keeps_the_initial_of_each_word():
    assert mask_name("Zhang Wei") == "Z*** W***"


def test_an_email_keeps_its_domain_and_first_letter():
    assert mask_email("alice@example.com") == "a***@example.com"


def test_free_text_keeps_two_characters():
    assert mask_text("88 Nanjing West Road") == "88****"
