from accounts import member_codes, selectors, services
from accounts.models import MemberCode
from accounts.states import AccountStatus
from tests.factories import ApplicantFactory


def test_a_member_code_avoids_look_alike_characters():
    codes = [member_codes.generate() for _ in range(500)]

    assert all(len(code) == 7 for code in codes)
    assert not set("".join(codes)) & set("0O1IL")


def test_every_single_mistyped_character_is_detected():
    code = member_codes.generate()

    for position in range(len(code)):
        for char in member_codes.ALPHABET:
            typo = code[:position] + char + code[position + 1 :]
            if typo != code:
                assert not selectors.member_code_is_valid(code=typo)


def test_swapping_two_neighbouring_characters_is_detected():
    code = member_codes.generate()

    for position in range(len(code) - 1):
        swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
        if swapped != code:
            assert not selectors.member_code_is_valid(code=swapped)


def test_a_member_is_found_by_code_in_any_case_with_spaces_or_hyphen(user):
    typed = " " + member_codes.display(user.member_code).lower() + " "

    assert selectors.user_by_member_code(code=typed) == user


def test_an_invalid_or_unknown_code_finds_nobody(user):
    unknown = member_codes.generate()
    while unknown == user.member_code:
        unknown = member_codes.generate()

    assert selectors.user_by_member_code(code=unknown) is None
    assert selectors.user_by_member_code(code="ABC") is None
    assert selectors.user_by_member_code(code="") is None


def test_approval_issues_a_valid_code_and_registers_it_for_good(db, staff_user):
    applicant = ApplicantFactory()

    approved = services.account_transition(
        user_id=applicant.pk, to=AccountStatus.ACTIVE, actor=staff_user, reason="ok"
    )

    assert selectors.member_code_is_valid(code=approved.member_code)
    assert approved.approved_at is not None
    assert MemberCode.objects.filter(code=approved.member_code, user=approved).exists()


def test_member_code_issue_never_reuses_a_registered_code(db, monkeypatch):
    applicant = ApplicantFactory()
    taken = member_codes.generate()
    MemberCode.objects.create(code=taken)
    fresh = member_codes.generate()
    while fresh == taken:
        fresh = member_codes.generate()
    proposals = iter([taken, taken, fresh])
    monkeypatch.setattr(member_codes, "generate", lambda: next(proposals))

    code = services.member_code_issue(user=applicant)

    assert code == fresh
