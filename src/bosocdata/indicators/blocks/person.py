"""Building blocks on a resident: age, status, events, education, origin, school."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, ClassVar

from bosocdata.indicators.blocks.base import (
    ANCHOR_DA,
    OPEN_END,
    Anchor,
    Block,
    EventBlock,
    Issue,
    RegisterBlock,
    SqlContext,
    a_noun_da,
    in_list,
    in_window,
    noun_da,
)
from bosocdata.indicators.schema import (
    REGISTER_COLUMNS,
    did_you_mean,
    iotf_overweight_rows,
    western_countries,
)


class Age(Block):
    """Age at R in completed years (a birthday on R counts)."""

    name: ClassVar[str] = "age"
    min: int | None = None
    max: int | None = None

    def adjective(self) -> str:
        """'på 18-64 år' for the population phrase."""
        return "på " + self.da().removeprefix("er ")

    def sql(self, ctx: SqlContext) -> str:
        parts = []
        if self.min is not None:
            parts.append(f"r.age >= {self.min}")
        if self.max is not None:
            parts.append(f"r.age <= {self.max}")
        return "(" + " AND ".join(parts or ["TRUE"]) + ")"

    def da(self) -> str:
        if self.min is not None and self.max is not None:
            return f"er {self.min}-{self.max} år" if self.min != self.max else f"er {self.min} år"
        if self.min is not None:
            return f"er mindst {self.min} år"
        if self.max is not None:
            return f"er højst {self.max} år"
        return "er i alle aldre"


class StatusAt(RegisterBlock):
    """A row of an interval register valid at the anchor date: start <= D < end."""

    name: ClassVar[str] = "status_at"
    needs: ClassVar[str] = "interval"
    at: Anchor = Anchor.reference_date

    def sql(self, ctx: SqlContext) -> str:
        if self.at is Anchor.reference_date:
            return self.flag(
                ctx,
                f"s.start_date <= p.ref_date AND COALESCE(s.end_date, {OPEN_END}) > p.ref_date",
                "a row valid at R: start_date <= R < end_date",
            )
        d = ctx.anchor(self.at)
        return self.exists([f"s.start_date <= {d}", f"(s.end_date IS NULL OR s.end_date > {d})"])

    def da(self) -> str:
        return f"{ANCHOR_DA[self.at]} har {a_noun_da(self.source_register)}{self.filter_da()}"


class OverlapsWindow(RegisterBlock):
    """A row of an interval register overlapping W: start < end of W and end > R."""

    name: ClassVar[str] = "overlaps_window"
    needs: ClassVar[str] = "interval"

    def sql(self, ctx: SqlContext) -> str:
        return self.flag(
            ctx,
            f"s.start_date < p.win_end AND COALESCE(s.end_date, {OPEN_END}) > p.ref_date",
            "a row overlapping W = [R, end of W)",
        )

    def da(self) -> str:
        return f"i løbet af perioden har {a_noun_da(self.source_register)}{self.filter_da()}"


class EventInWindow(EventBlock):
    """At least one event of the person in W, wherever it happened (cohort attribution)."""

    name: ClassVar[str] = "event_in_window"

    def sql(self, ctx: SqlContext) -> str:
        d = f"s.{self.date_column()}"
        return self.flag(ctx, in_window(d), "an event in W, anywhere")

    def da(self) -> str:
        return (
            "i løbet af perioden har mindst "
            f"{a_noun_da(self.source_register, one=True)}{self.filter_da()}"
        )


class EventBefore(EventBlock):
    """At least one event of the person strictly before the anchor date."""

    name: ClassVar[str] = "event_before"
    at: Anchor = Anchor.reference_date

    def sql(self, ctx: SqlContext) -> str:
        return self.exists([f"s.{self.date_column()} < {ctx.anchor(self.at)}"])

    def da(self) -> str:
        return (
            f"før datoen ({ANCHOR_DA[self.at]}) har {a_noun_da(self.source_register)}"
            f"{self.filter_da()}"
        )


class RowOfYear(RegisterBlock):
    """A row of a yearly register for the year of R plus `year_offset`."""

    name: ClassVar[str] = "row_of_year"
    year_column: str = "year"
    year_offset: int = 0

    def check(self) -> list[Issue]:
        issues = super().check()
        cols = REGISTER_COLUMNS.get(self.source_register, {})
        if cols and cols.get(self.year_column) != "INTEGER":
            issues.append(
                (
                    ("year_column",),
                    f"`{self.year_column}` is not a year column of "
                    f"`{self.source_register}`; " + did_you_mean(self.year_column, cols.keys()),
                )
            )
        return issues

    def sql(self, ctx: SqlContext) -> str:
        return self.flag(
            ctx,
            f"s.{self.year_column} = p.year + ({self.year_offset})",
            f"a row for the year of R {self.year_offset:+d}",
        )

    def da(self) -> str:
        year = {0: "året", -1: "året før"}.get(self.year_offset, f"året {self.year_offset:+d}")
        return f"har {a_noun_da(self.source_register)} for {year}{self.filter_da()}"


class Test(StrEnum):
    iotf_overweight = "iotf_overweight"


def iotf_values_sql() -> str:
    rows = ", ".join(f"({round(a * 2)}, {m}, {f})" for a, m, f in iotf_overweight_rows())
    return (
        "-- IOTF overweight cut-offs (Cole et al. 2000, BMJ 320:1240, table 4)\n"
        f"SELECT * FROM (VALUES {rows}) AS t(half_years, male, female)"
    )


class LatestInWindow(EventBlock):
    """The person's latest row in W (ties: any of that day's rows) meets the filter."""

    name: ClassVar[str] = "latest_in_window"
    test: Test | None = None

    def check(self) -> list[Issue]:
        issues = super().check()
        if self.test is Test.iotf_overweight and not {"height_cm", "weight_kg"} <= set(
            REGISTER_COLUMNS.get(self.source_register, {})
        ):
            issues.append((("test",), f"`{self.source_register}` has no height_cm/weight_kg"))
        return issues

    def sql(self, ctx: SqlContext) -> str:
        d = self.date_column()
        cte = f"latest_{self.source_register}"
        ctx.ctes[cte] = (
            f"-- block: latest_in_window ({self.source_register}: the latest row per person"
            " and period)\n"
            f"SELECT p.period, s.* FROM {self.source_register} AS s\n"
            f"JOIN bosoc_periods AS p ON {in_window(f's.{d}')}\n"
            f"QUALIFY RANK() OVER (PARTITION BY s.pid, p.period ORDER BY s.{d} DESC) = 1"
        )
        conditions = ["s.period = r.period"]
        if self.test is Test.iotf_overweight:
            ctx.ctes["bosoc_iotf"] = iotf_values_sql()
            months = (
                f"((year(s.{d}) - year(pe.birth_date)) * 12 + month(s.{d}) - month(pe.birth_date)"
                f" - CASE WHEN day(s.{d}) < day(pe.birth_date) THEN 1 ELSE 0 END)"
            )
            # Sex and birth date from `persons` (as the frames take them), so the test is
            # a join and no subquery refers two levels out (Spark cannot run that).
            ctx.ctes[f"{cte}_iotf_overweight"] = (
                "-- block: latest_in_window (test iotf_overweight: BMI at least the cut-off\n"
                "-- for sex and age in whole half-years at the exam)\n"
                f"SELECT s.* FROM {cte} AS s\n"
                "JOIN persons AS pe ON pe.pid = s.pid\n"
                "JOIN bosoc_iotf AS c ON c.half_years = LEAST(36, GREATEST(4,"
                f" CAST(floor({months} / 6) AS INTEGER)))\n"
                "WHERE s.weight_kg / ((s.height_cm / 100.0) * (s.height_cm / 100.0)) >= "
                "CASE WHEN pe.sex = 'M' THEN c.male ELSE c.female END"
            )
            cte = f"{cte}_iotf_overweight"
        return self.exists(conditions, source=cte)

    def da(self) -> str:
        test = ""
        if self.test is Test.iotf_overweight:
            test = (
                " har et BMI på mindst IOTF-grænsen for overvægt for køn og alder "
                "i hele halvår ved undersøgelsen"
            )
        return f"ved sin seneste {noun_da(self.source_register)} i perioden{self.filter_da()}{test}"


class NonWesternOrigin(Block):
    """Immigrant or descendant (origin 2 or 3) from a non-Western or unknown country."""

    name: ClassVar[str] = "non_western_origin"

    def sql(self, ctx: SqlContext) -> str:
        return (
            f"(r.origin IN (2, 3) AND (r.origin_country IS NULL OR NOT "
            f"{in_list('r.origin_country', western_countries())}))"
        )

    def da(self) -> str:
        return "er indvandrer eller efterkommer med ikke-vestlig (eller ukendt) oprindelse"


class HasDistrictSchool(Block):
    """The resident's address has a district school (school_districts)."""

    name: ClassVar[str] = "has_district_school"

    def registers(self) -> set[str]:
        return {"school_districts"}

    def sql(self, ctx: SqlContext) -> str:
        return "EXISTS (SELECT 1 FROM school_districts AS d WHERE d.address_id = r.address_id)"

    def da(self) -> str:
        return "bor på en adresse med en distriktsskole"


class EnrolledAtDistrictSchool(Block):
    """An enrolment valid at R is at a district school of the resident's address."""

    name: ClassVar[str] = "enrolled_at_district_school"

    def registers(self) -> set[str]:
        return {"school_districts", "school_enrolment"}

    def sql(self, ctx: SqlContext) -> str:
        # A (pid, period) key table built from the residents frame, so the condition is
        # an equality semi-join. Correlating the address inside the subquery's join
        # instead made Spark compare every resident with every enrolment (221 s of a
        # 324 s computation at scale 0.01).
        ctx.ctes["enrolled_at_district_school"] = (
            "-- block: enrolled_at_district_school (residents enrolled at R at a district\n"
            "-- school of the address they live at on R)\n"
            "SELECT DISTINCT x.pid, x.period\n"
            "FROM bosoc_residents AS x\n"
            "JOIN school_enrolment AS s ON s.pid = x.pid AND s.start_date <= x.ref_date\n"
            "  AND (s.end_date IS NULL OR s.end_date > x.ref_date)\n"
            "JOIN school_districts AS d ON d.school_id = s.school_id"
            " AND d.address_id = x.address_id"
        )
        return (
            "EXISTS (SELECT 1 FROM enrolled_at_district_school AS k"
            " WHERE k.pid = r.pid AND k.period = r.period)"
        )

    def da(self) -> str:
        return "på referencedatoen går i adressens distriktsskole"


class GrundskoleCohort(Block):
    """First grundskole_afsluttet G with G + 15 months in [R - period length, R)."""

    name: ClassVar[str] = "grundskole_cohort"

    def registers(self) -> set[str]:
        return {"education"}

    def sql(self, ctx: SqlContext) -> str:
        ctx.require_cohort()
        return "(r.cohort_date >= r.prev_ref AND r.cohort_date < r.ref_date)"

    def da(self) -> str:
        return (
            "afsluttede grundskolen (første gang) 15 måneder før en dato i "
            "perioden op til referencedatoen"
        )


class YouthState(StrEnum):
    enrolled = "enrolled"
    completed = "completed"
    enrolled_or_completed = "enrolled_or_completed"


class YouthEducation(Block):
    """Enrolled in / has completed a youth education at the anchor date D.

    Completed: an `ungdomsudd_fuldfoert` dated before D. Enrolled: an `ungdomsudd_start`
    dated before D with no `ungdomsudd_afbrudt`/`ungdomsudd_fuldfoert` after that start
    and before D (an end on the start's own day does not end it).
    """

    name: ClassVar[str] = "youth_education"
    state: YouthState
    at: Anchor = Anchor.reference_date

    def registers(self) -> set[str]:
        return {"education"}

    def sql(self, ctx: SqlContext) -> str:
        d = ctx.anchor(self.at)
        completed = (
            "EXISTS (SELECT 1 FROM education AS s WHERE s.pid = r.pid"
            f" AND s.event = 'ungdomsudd_fuldfoert' AND s.date < {d})"
        )
        # Each start with the first end after its day: enrolled at D when a start before
        # D has no end, or its first end on or after D. (The same as "no end after the
        # start and before D", without a subquery two levels deep, which Spark cannot run.)
        ctx.ctes["youth_education_spells"] = (
            "-- block: youth_education (each ungdomsudd_start and the first\n"
            "-- ungdomsudd_afbrudt/ungdomsudd_fuldfoert after its day)\n"
            "SELECT s.pid, s.date AS started, MIN(e.date) AS ended\n"
            "FROM education AS s\n"
            "LEFT JOIN education AS e ON e.pid = s.pid\n"
            "  AND e.event IN ('ungdomsudd_afbrudt', 'ungdomsudd_fuldfoert') AND e.date > s.date\n"
            "WHERE s.event = 'ungdomsudd_start'\n"
            "GROUP BY s.pid, s.date"
        )
        enrolled = (
            "EXISTS (SELECT 1 FROM youth_education_spells AS y WHERE y.pid = r.pid"
            f" AND y.started < {d} AND (y.ended IS NULL OR y.ended >= {d}))"
        )
        if self.state is YouthState.completed:
            return completed
        if self.state is YouthState.enrolled:
            return enrolled
        return f"({enrolled} OR {completed})"

    def da(self) -> str:
        what = {
            YouthState.enrolled: "er i gang med en ungdomsuddannelse",
            YouthState.completed: "har fuldført en ungdomsuddannelse",
            YouthState.enrolled_or_completed: (
                "er i gang med eller har fuldført en ungdomsuddannelse"
            ),
        }[self.state]
        return f"{ANCHOR_DA[self.at]} {what}"


class Not(Block):
    """The negation of one block."""

    name: ClassVar[str] = "not"
    block: Any  # a parsed Block; set by the loader

    def registers(self) -> set[str]:
        return set(self.block.registers())

    def sql(self, ctx: SqlContext) -> str:
        return f"NOT ({self.block.sql(ctx)})"

    def da(self) -> str:
        return f"ikke {self.block.da()}"
