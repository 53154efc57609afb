"""Formula cells without a computed value: a workbook written by a program (openpyxl, a script) instead of
Excel holds the formula but no result, so its answer reads as empty. Said per row, with what to do."""

from __future__ import annotations

from pathlib import Path

FORMULA_NOTE = "formule zonder berekende waarde (open het bestand in Excel en sla het op)"


def formula_rows(path: Path, *, sheet: str, header_row: int, column: int, rows: list[int]) -> list[int]:
    """Which of the data `rows` (1 = the first row under the header, which is sheet row `header_row`,
    1-based) hold a formula in sheet column `column` (1-based). Only asked for rows whose answer read as
    empty, so a workbook with formulas and cached values is never loaded twice."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except Exception:  # the answers were read; a failed extra look only leaves the plain 'empty' note
        return []
    try:
        cells = workbook[sheet]
        return [n for n in rows if _is_formula(cells.cell(header_row + n, column).value)]
    except Exception:
        return []
    finally:
        workbook.close()


def _is_formula(value) -> bool:
    return isinstance(value, str) and value.startswith("=")


def formula_note(rows: list[int], *, column: str) -> str:
    """A Dutch note on answers that are formulas without a value ('' when there are none)."""
    if not rows:
        return ""
    return (f"kolom '{column}' rij {', '.join(map(str, rows))} (geteld vanaf de eerste rij onder de kolomnamen): "
            f"{FORMULA_NOTE}")
