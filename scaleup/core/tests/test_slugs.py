from scaleup.core.slugs import slug_for


def test_polish_letters_are_spelled_out() -> None:
    assert slug_for("Centrum Obsługi Inwestorów i Eksporterów") == (
        "centrum-obslugi-inwestorow-i-eksporterow"
    )


def test_a_slug_is_cut_without_a_trailing_hyphen() -> None:
    assert slug_for("Marka Lubelskie dla firm", max_length=13) == "marka-lubelsk"
    assert slug_for("Marka Lubelskie", max_length=6) == "marka"
