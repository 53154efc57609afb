"""Dutch month names and abbreviations, for dates written the Dutch way ('13 maart 2025', '12 mrt. 1961')."""

DUTCH_MONTHS = {"januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "mar": 3, "april": 4,
                "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8,
                "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
                "december": 12, "dec": 12}
