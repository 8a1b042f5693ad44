from recommendations.main import recommend


def test_recommends_three_other_products():
    assert len(recommend("p042")) == 3
    assert "p042" not in recommend("p042")
