import numpy as np
import pytest

import segcore
from segcore.identity import IdentityResolver, normalize_email, normalize_phone


def test_normalisation():
    assert normalize_email("  Ann.Lee+news@Example.COM ") == "ann.lee+news@example.com"
    with pytest.raises(segcore.InvalidArgumentError, match="'@'"):
        normalize_email("ann.example.com")
    assert normalize_phone("020 7946 0958", "44") == "+442079460958"
    assert normalize_phone("+1 (415) 555-0100") == "+14155550100"
    with pytest.raises(segcore.InvalidArgumentError):
        normalize_phone("020 7946 0958")  # no country code to apply


def test_records_sharing_an_identifier_are_one_customer():
    r = IdentityResolver(default_country_code="44")
    assert r.add_record(email="Ann@Example.com", phone="020 7946 0000") == 0
    assert r.add_record(email="ann@example.com", crm_id="C-17") == 1
    assert r.add_record([("cookie_id", "ck1")], device_id=["d1", "d2"]) == 2
    assert r.add_record(crm_id=" C-17 ", device_id="d2", email="not-an-email") == 3
    assert r.add_record(email=None, phone="") == 4  # no identifier: a customer of its own
    assert r.n_records == 5
    res = r.resolve()
    np.testing.assert_array_equal(res.customer, [0, 0, 0, 0, 1])
    assert res.n_customers == 2
    # Each link explains one merge: record 1 joined 0 by email, 3 joined 1 by CRM id, then 3
    # joined 2 by device.
    assert res.links == [(0, 1, "email", "ann@example.com"), (1, 3, "crm_id", "C-17"),
                         (2, 3, "device_id", "d2")]
    assert res.redundant_links == 0
    assert len(res.rejected) == 1
    rej = res.rejected[0]
    assert (rej["record"], rej["kind"], rej["value"]) == (3, "email", "not-an-email")
    assert "'@'" in rej["reason"]
    assert [list(g) for g in res.groups()] == [[0, 1, 2, 3], [4]]


def test_columns_and_determinism():
    emails = ["a@x.org", None, "b@x.org", "A@X.org", float("nan")]
    phones = ["+44 20 7946 0001", "+44 20 7946 0001", "", None, "+44 20 7946 0009"]
    r1 = IdentityResolver()
    assert r1.add_columns(email=emails, phone=phones) == 0
    res = r1.resolve()
    np.testing.assert_array_equal(res.customer, [0, 0, 1, 0, 2])
    # Same records in the same order: the same result.
    r2 = IdentityResolver()
    for e, p in zip(emails, phones):
        r2.add_record(email=e, phone=p)
    again = r2.resolve()
    np.testing.assert_array_equal(again.customer, res.customer)
    assert again.links == res.links
    with pytest.raises(segcore.InvalidArgumentError, match="differ in length"):
        r1.add_columns(email=["a@x.org"], phone=[])
    with pytest.raises(segcore.InvalidArgumentError, match="identifier kind is 'twitter'; use one of 'email'"):
        r1.add_record([("twitter", "@ann")])


def test_redundant_links_are_counted():
    r = IdentityResolver()
    r.add_record(email="a@x.org", crm_id="1")
    r.add_record(email="a@x.org", crm_id="1")
    res = r.resolve()
    assert res.links == [(0, 1, "email", "a@x.org")]
    assert res.redundant_links == 1
