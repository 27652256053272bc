"""Statistics for the 数据统计 page: counts by province, theme, method, target group and start year,
and the totals of the scale figures, with what was summed and what was not.

Counting rules (shown on the page as well):

* A case with several themes (methods, target groups) counts once under each, so those bars add up
  to more than the number of cases.
* A figure (volunteers, social workers, beneficiaries …) is summed over the cases that give it,
  except a case inside a programme (``part_of``) whose programme, or a programme above it, gives the
  same figure: the programme's number may already include the project's, so adding both could
  count people twice. Those figures are listed as "not summed".
* Qualified figures ("280余", "约500") are summed as their number; the total is then a lower bound
  ("≥") when some summands say 余/以上/超/逾/多, and approximate ("约") when any says 约/近.

Everything is plain data; ``templates/stats.md.j2`` and ``templates/charts/bar.svg.j2`` draw it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from caselib.model.case import METRIC_ORDER, Case, Metric
from caselib.model.library import Library
from caselib.reference.vocab import VOCAB_FIELDS
from caselib.urls import region_url, term_url

LOWER_BOUND = ("余", "以上", "超", "逾", "多")
APPROXIMATE = ("约", "近")
HEADLINE_METRICS = ["volunteers", "social_workers", "beneficiaries"]
NO_YEAR = "未注明"


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    target: str | None = None  # site URL of the page behind the bar


@dataclass
class Chart:
    """One horizontal bar chart and its data table."""

    key: str
    title: str
    bars: list[Bar]
    note: str = ""
    missing: list[str] = field(default_factory=list)  # categories with no case, named under the chart

    @property
    def max(self) -> int:
        return max((b.value for b in self.bars), default=0)


@dataclass
class MetricTotal:
    """A figure added up over the cases, with how it was added."""

    key: str
    label: str
    total: int
    summed: list[tuple[Case, Metric]]
    not_summed: list[tuple[Case, Metric, Case]]  # (case, its figure, the programme that gives the same figure)

    @property
    def qualifiers(self) -> list[str]:
        return sorted({m.qualifier for _, m in self.summed if m.qualifier})

    @property
    def approximate_count(self) -> int:
        return sum(1 for _, m in self.summed if m.qualifier)

    @property
    def sign(self) -> str:
        """'约' when a summand is approximate, '≥' when one is a lower bound, '' when all are exact."""
        quals = self.qualifiers
        if any(q in APPROXIMATE for q in quals):
            return "约"
        if quals:
            return "≥"
        return ""

    @property
    def display(self) -> str:
        if not self.summed:
            return "—"
        return f"{self.sign} {self.total:,}".strip()


def metric_total(library: Library, key: str) -> MetricTotal:
    summed: list[tuple[Case, Metric]] = []
    not_summed: list[tuple[Case, Metric, Case]] = []
    for case in library.cases:
        metric = case.metric(key)
        if metric is None:
            continue
        covering = case.part_of
        while covering is not None and covering.metric(key) is None:
            covering = covering.part_of
        if covering is None:
            summed.append((case, metric))
        else:
            not_summed.append((case, metric, covering))
    label = library.metric_labels.get(key, key)
    return MetricTotal(key, label, sum(m.value for _, m in summed), summed, not_summed)


def _term_chart(library: Library, field_name: str, title: str) -> Chart:
    vocabulary = library.vocabularies[field_name]
    counts: Counter[str] = Counter(t.slug for c in library.cases for t in library.terms_of(c, field_name))
    bars = [Bar(t.name, counts[t.slug], term_url(field_name, t.slug)) for t in vocabulary.terms if counts[t.slug]]
    bars.sort(key=lambda b: -b.value)  # stable: vocabulary order among equals
    missing = [t.name for t in vocabulary.terms if not counts[t.slug]]
    note = "一个案例可有多个" + vocabulary.title + "，各项之和可能大于案例总数。"
    if field_name in VOCAB_FIELDS:  # what is not a statement is counted apart, and said
        guessed = [c for c in library.cases if c.inferred.get(field_name)]
        unstated = [c for c in library.cases if field_name in c.unstated]
        if guessed:
            note += (f"另有 {len(guessed)} 个案例的 {sum(len(c.inferred[field_name]) for c in guessed)} 项{vocabulary.title}"
                     "是编者推断的，不计入上表。")
        if unstated:
            note += f"{len(unstated)} 个案例的来源没有说明{vocabulary.title}。"
    return Chart(field_name, title, bars, note, missing)


@dataclass
class Statistics:
    cases: int
    top_level: int
    provinces: Chart
    themes: Chart
    methods: Chart
    target_groups: Chart
    years: Chart
    metrics: list[MetricTotal]

    @property
    def charts(self) -> list[Chart]:
        return [self.provinces, self.themes, self.methods, self.target_groups, self.years]

    def metric(self, key: str) -> MetricTotal:
        return next(m for m in self.metrics if m.key == key)


def statistics(library: Library) -> Statistics:
    provinces = [Bar(node.division.name, node.total, region_url(node.division.code)) for node in library.provinces()]
    provinces.sort(key=lambda b: -b.value)  # stable: by code among equals
    all_provinces = library.regions.provinces()
    present = {node.division.code for node in library.provinces()}
    province_chart = Chart("provinces", "各省级地区的案例数", provinces, "按案例所在的省级地区计数（含其下各市、区县）。",
                           [d.name for d in all_provinces if d.code not in present])
    years: Counter[str] = Counter(str(c.year) if c.year else NO_YEAR for c in library.cases)
    year_bars = [Bar(f"{y} 年", years[y]) for y in sorted(k for k in years if k != NO_YEAR)]
    if years[NO_YEAR]:
        year_bars.append(Bar("来源未注明", years[NO_YEAR]))
    year_chart = Chart("years", "按开始年份", year_bars, "按记录中的实施开始年份（period.start）计数。")
    given = {metric.key for case in library.cases for metric in case.metrics}  # once, not once per kind
    keys = [k for k in METRIC_ORDER if k in given]
    for k in HEADLINE_METRICS:
        if k not in keys:
            keys.append(k)
    return Statistics(
        cases=len(library.cases),
        top_level=sum(1 for c in library.cases if c.part_of is None),
        provinces=province_chart,
        themes=_term_chart(library, "themes", "按服务领域"),
        methods=_term_chart(library, "methods", "按工作方法与机制"),
        target_groups=_term_chart(library, "target_groups", "按服务对象"),
        years=year_chart,
        metrics=[metric_total(library, k) for k in keys],
    )
