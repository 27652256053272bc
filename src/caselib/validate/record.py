"""Stage 2 of the pipeline: check loaded records and vocabularies.

Three layers, each returning problems (never raising):

1. the JSON Schema (``schema/case.schema.json``) for shape and types, with
   every error turned into a Chinese message at the value's line;
2. meaning: vocabulary terms (with "did you mean"), the region against the
   official division list (down to township; communities as warnings), dates in order, id = file name, invisible
   characters;
3. the library as a whole: unique ids, ``part_of`` pointing at a record.

Run it through the CLI: ``python scripts/build_index.py check``.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from caselib.load.fastpath import quick_validator
from caselib.load.reader import Loaded, PathKey, clip, dotted
from caselib.problems import Problem, Severity
from caselib.reference.regions import Division, Regions, near_names
from caselib.reference.schema import labels
from caselib.reference.vocab import UNSTATED, Term, Vocabulary

if TYPE_CHECKING:
    import jsonschema

TYPE_NAMES = {"string": "文字", "integer": "整数", "number": "数字", "array": "列表（每项以“- ”开头）",
              "object": "一组字段（“键: 值”，下一行缩进）", "boolean": "布尔值（true/false）", "null": "空值", "float": "小数"}
INVISIBLE = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff\ufff9-\ufffb]")
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Ids that would collide with a generated page's URL (cases/index/ is the list of all cases).
RESERVED_IDS = {"index": "cases/index/ 是全部案例的页面"}
DECIMAL = re.compile(r"[-+]?(0|[1-9][0-9_]*)")  # how a person writes a whole number; YAML also reads 010, 0x1F, 1:20
YEAR_MONTH = re.compile(r"((?:19|20)[0-9]{2})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12][0-9]|3[01]))?)?")
VOCAB_FIELDS = ("themes", "target_groups", "methods")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _type_name(value: Any) -> str:
    for name, kind in (("boolean", bool), ("integer", int), ("float", float), ("string", str), ("array", list),
                       ("object", dict)):
        if isinstance(value, kind):
            return TYPE_NAMES[name]
    return TYPE_NAMES["null"]


def did_you_mean(value: str, choices: Iterable[str]) -> list[str]:
    """Close matches for ``value``: containment first, then difflib similarity."""
    choices = list(choices)
    contained = [c for c in choices if value and (value in c or c in value)]
    close = difflib.get_close_matches(value, choices, n=3, cutoff=0.5)
    return list(dict.fromkeys(contained + close))[:3]


def _suggest(value: str, choices: Iterable[str]) -> str:
    return _ask(did_you_mean(value, choices))


def _ask(near: list[str]) -> str:
    return f"你是不是想写「{'」或「'.join(near)}」？" if near else ""


def vocab_suggestions(value: str, vocab: Vocabulary) -> list[str]:
    """Terms a contributor may have meant, by their names and their aliases (街道 → 党政机关 via 街道办事处).

    Stricter than ``did_you_mean``: a two-character overlap is not enough (志愿服务 is not 法律服务), and a
    short word only suggests a term when one of the term's written forms contains it.
    """
    scored: dict[str, float] = {}
    for term in vocab.terms:
        for form, is_alias in [(term.name, False), *((a, True) for a in term.aliases)]:
            shorter = min(len(value), len(form))
            contains = value in form or form in value
            score = difflib.SequenceMatcher(None, value, form).ratio()
            if (contains and (shorter >= 3 or is_alias) and shorter >= 2) or score >= 0.6:
                scored[term.name] = max(scored.get(term.name, 0.0), score + (0.5 if contains else 0.0))
    return sorted(scored, key=lambda name: -scored[name])[:3]


# Where a sentence or a clause ends, in text with its white space removed (the archive's passages are one
# paragraph a line). A quote that starts or ends anywhere else is cut in the middle of a clause.
SENTENCE_END = "。！？"
CLAUSE_END = SENTENCE_END + "；：，\n"
# Words that make the rest of a sentence a demand or a plan; a quote that leaves them out reads as work done.
# 要 in 重要/主要/需要/只要/简要 and followed by 求/点/素 is not a demand.
MODAL = re.compile(r"下一步|将(?!军)|(?<![重主需只简纲])要(?![求点素闻])|拟|计划|力争|争取|着力|必须|应当|需要")


@dataclass
class Context:
    """What validation needs besides the record: schema, vocabularies, regions, archived source texts."""

    schema: dict[str, Any]
    vocabularies: dict[str, Vocabulary]
    regions: Regions
    archives: dict[str, list[str]] = field(default_factory=dict)  # data/sources/<key>.txt: its passages
    # Warnings that only ``check`` reports (a community not in the official list, a quote cut mid-sentence):
    # off for the site build, where MkDocs's --strict would fail on them.
    advice: bool = True

    def __post_init__(self) -> None:
        self.labels = labels(self.schema)
        # A fast yes/no check (jsonschema-rs); jsonschema's iter_errors runs only on records it rejects.
        self.is_valid = quick_validator(self.schema)

    @cached_property
    def validator(self) -> jsonschema.Draft202012Validator:
        """jsonschema, which writes the messages: imported only when a record has an error (~0.1 s)."""
        import jsonschema

        return jsonschema.Draft202012Validator(self.schema)


class RecordChecker:
    """Collects the problems of one loaded record."""

    def __init__(self, loaded: Loaded, ctx: Context) -> None:
        self.loaded = loaded
        self.ctx = ctx
        self.problems: list[Problem] = []

    def add(self, path: PathKey, message: str, code: str, *, key: bool = False,
            severity: Severity = "error") -> None:
        line, col = self.loaded.position(path, key=key)
        label_path = tuple(p for p in path if isinstance(p, str))
        problem = Problem(self.loaded.path, line, col, message, field=dotted(path),
                          label=self.ctx.labels.get(label_path, ""), code=code, severity=severity)
        if problem not in self.problems:  # jsonschema reports "required" once per missing field, each listing all
            self.problems.append(problem)

    # -- layer 1: the schema -------------------------------------------------
    def schema_errors(self) -> None:
        data = self.loaded.data
        if not isinstance(data, dict):
            self.add((), f"文件最外层应该是一组“字段名: 值”，现在是{_type_name(data)}。"
                         "请参照 cases/_template.yml 的写法，每行一个字段", "top-level")
            return
        for error in sorted(self.ctx.validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
            self.schema_error(error)

    def schema_error(self, error: jsonschema.ValidationError) -> None:
        path: PathKey = tuple(error.absolute_path)
        kind = error.validator
        sub = error.schema if isinstance(error.schema, dict) else {}
        hint = sub.get("x-hint", "")
        value = error.instance
        if kind == "required":
            missing = [f for f in error.validator_value if f not in (value or {})]
            for name in missing:
                label = self.ctx.labels.get((*(p for p in path if isinstance(p, str)), name), "")
                where = f"在「{dotted(path)}」下" if path else ""
                self.add(path, f"缺少必填字段「{name}」{f'（{label}）' if label else ''}。请{where}添加一行 {name}: …"
                         "（参照 cases/_template.yml）", "missing-field")
        elif kind == "additionalProperties":
            allowed = list(sub.get("properties", {}))
            for name in value:
                if name not in allowed:
                    self.add((*path, name), f"未知字段「{name}」。{_suggest(name, allowed) or ''}"
                             f"可以用的字段：{'、'.join(allowed)}", "unknown-field", key=True)
        elif kind == "type":
            self.add(path, self.type_message(path, value, error.validator_value, hint), "wrong-type")
        elif kind == "enum":
            self.enum_error(path, value, error)
        elif kind == "pattern":
            shown = self.loaded.plain.get(path, value)  # as written: YAML turned 2025-06-13 10:00 into ISO text
            self.add(path, f"「{clip(str(shown), 60)}」格式不对。{hint}", "pattern")
        elif kind in ("minLength", "maxLength"):
            limit = error.validator_value
            size = len(value)
            word = "太短" if kind == "minLength" else "太长"
            bound = f"至少 {limit} 个字" if kind == "minLength" else f"最多 {limit} 个字"
            self.add(path, f"内容{word}：现在 {size} 个字，{bound}", "length")
        elif kind in ("minItems", "maxItems"):
            limit = error.validator_value
            if kind == "minItems":
                self.add(path, f"至少要填 {limit} 项，现在是 {len(value)} 项", "too-few")
            else:
                self.add(path, f"最多填 {limit} 项，现在是 {len(value)} 项。请只保留最主要的", "too-many")
        elif kind == "uniqueItems":
            seen: set[str] = set()
            for i, item in enumerate(value):
                if repr(item) in seen:
                    self.add((*path, i), f"「{clip(str(item))}」重复了，请删掉这一项", "duplicate-item")
                seen.add(repr(item))
        elif kind in ("oneOf", "anyOf"):
            self.alternatives(path, value, error)
        elif kind in ("minimum", "maximum"):
            bound = error.validator_value
            relation = "不能小于" if kind == "minimum" else "不能大于"
            self.add(path, f"数值 {clip(str(value))} 不合理：{relation} {bound}。{hint}", "out-of-range")
        else:
            self.add(path, f"{error.message}。{hint}", "invalid")

    def alternatives(self, path: PathKey, value: Any, error: jsonschema.ValidationError) -> None:
        """A value that fits none of several shapes (a metric: one figure, or a list of figures): the problems
        of the shape it was written in; if it fits no shape at all, what the shapes are."""
        branches = error.validator_value
        fitting = [i for i, branch in enumerate(branches) if _shape_fits(self.ctx.schema, branch, value)]
        chosen = [sub for sub in error.context if sub.schema_path and sub.schema_path[0] in fitting]
        if chosen:
            for sub in sorted(chosen, key=lambda e: list(map(str, e.absolute_path))):
                self.schema_error(sub)
            return
        self.add(path, f"应该是一个数字（写成 value: 280 这样的一组字段），或几个数字的列表（每项以“- value: …”开头并写 note），"
                       f"现在是{_type_name(value)}。请参照 cases/_template.yml 的写法", "wrong-type")

    def type_message(self, path: PathKey, value: Any, expected: str | list[str], hint: str) -> str:
        wanted = "或".join(TYPE_NAMES[t] for t in ([expected] if isinstance(expected, str) else expected))
        raw = self.loaded.plain.get(path)
        message = f"应该是{wanted}，现在是{_type_name(value)}"
        if raw and value is not None and not isinstance(value, str):
            differs = isinstance(value, int) and not isinstance(value, bool) and str(value) != raw  # 010 is 8
            read_as = f"{_type_name(value)} {value}" if differs else _type_name(value)
            message += f"：YAML 把没加引号的 {clip(raw)} 读成了{read_as}"
            if "string" in expected:
                message += f"。请加引号写成 \"{clip(raw)}\""
        elif isinstance(value, str) and "integer" in expected:
            normal = unicodedata.normalize("NFKC", value)
            digits = re.sub(r"[^0-9]", "", normal)[:20]
            span = re.fullmatch(r"\s*([0-9]+)\s*[-~～—至到]+\s*([0-9]+)\s*", normal)
            if span:
                message += f"：范围请写成 value: {span.group(1)} 和 max: {span.group(2)}（两行）"
            elif normal != value and digits:
                message += f"：「{clip(value)}」用了全角数字，请改成半角数字 {digits}"
            elif digits:
                message += f"：请只写数字 {digits}，“余”“约”等写到 qualifier 里"
        elif value is None:
            message += "：这个字段写了名字但没有填内容。请填写" + ("" if self.required(path) else "，或删掉这一行")
        elif (isinstance(value, dict) and len(value) == 1 and "string" in expected
              and self.loaded.positions.get(path) == self.loaded.key_positions.get((*path, next(iter(value))))):
            # a block mapping that starts at its key: “- 兑换规则: 每小时1个时间币” (not “{a: b}”, which is meant)
            key = next(iter(value))
            message += (f"：这一行的文字里有半角冒号加空格「{clip(str(key), 20)}: …」，YAML 把它读成了“键: 值”。"
                        "请把半角冒号改成全角冒号“：”，或给整行文字加引号")
        return f"{message}。{hint}".rstrip("。") + "。"

    def required(self, path: PathKey) -> bool:
        """Whether the field at ``path`` is required by the schema (so deleting it is no fix)."""
        node: Any = self.ctx.schema
        for part in path[:-1]:
            node = _resolved(self.ctx.schema, node)
            node = node.get("items", {}) if isinstance(part, int) else node.get("properties", {}).get(part, {})
        node = _resolved(self.ctx.schema, node)
        return isinstance(path[-1], str) and path[-1] in node.get("required", []) if path else True

    def enum_error(self, path: PathKey, value: Any, error: jsonschema.ValidationError) -> None:
        allowed = [str(v) for v in error.validator_value]
        vocab = next((v for v in self.ctx.vocabularies.values() if [*v.names(), UNSTATED] == allowed), None)
        raw = self.loaded.plain.get(path)
        if value is None:
            self.add(path, f"这个字段还没有填写。请从这些值中选一个：{'、'.join(allowed)}", "enum")
            return
        if raw is not None and not isinstance(value, str):
            self.add(path, f"YAML 把没加引号的 {clip(raw)} 读成了{_type_name(value)}，不是可选值。可选：{'、'.join(allowed)}", "enum")
            return
        text = clip(str(value))
        if vocab is not None:
            if text in vocab.by_alias:
                term = vocab.by_alias[text]
                self.add(path, f"「{text}」是「{term.name}」的另一种说法，请写成「{term.name}」", "vocab-alias")
                return
            if text in vocab.combinations:
                parts = "、".join(vocab.by_slug[s].name for s in vocab.combinations[text])
                self.add(path, f"「{text}」是组合说法，请分别填写：{parts}", "vocab-combination")
                return
            self.add(path, f"「{text}」不在{vocab.title}词表里。{_ask(vocab_suggestions(text, vocab))}"
                     f"可选：{'、'.join(vocab.names())}；来源没有说明时写 {UNSTATED}。"
                     f"确需新词，请在 data/vocab/{vocab.key}.yml 中提议", "vocab")
            return
        self.add(path, f"「{text}」不是可选值。{_suggest(text, allowed)}可选：{'、'.join(allowed)}", "enum")

    # -- layer 2: meaning ------------------------------------------------------
    def meaning(self, stem: str) -> None:
        data = self.loaded.data
        if not isinstance(data, dict):
            return
        record_id = data.get("id")
        if isinstance(record_id, str) and ID_PATTERN.match(record_id) and record_id != stem:
            self.add(("id",), f"编号「{record_id}」与文件名「{stem}.yml」不一致。请把文件改名为 {record_id}.yml，"
                              f"或把 id 改成 {stem}", "id-filename")
        if not ID_PATTERN.match(stem):
            self.add((), f"文件名「{clip(stem)}.yml」不能作为编号：只能用小写英文字母、数字和连字符", "filename")
        if isinstance(record_id, str) and record_id in RESERVED_IDS:
            self.add(("id",), f"编号「{record_id}」是保留字（{RESERVED_IDS[record_id]}），请换一个", "id-reserved")
        region = data.get("region")
        if isinstance(region, dict):
            self.region(region)
        period = data.get("period")
        if isinstance(period, dict):
            start, end = _year_month(period.get("start")), _year_month(period.get("end"))
            # 2024 ends after 2024-03: a bare year (or month) is compared only as far as both go.
            if start and end and _before(end, start):
                self.add(("period", "end"), f"结束时间 {period['end']} 早于开始时间 {period['start']}。请检查是否写反了",
                         "date-order")
        dates = [(("added",), data.get("added")), (("updated",), data.get("updated")),
                 (("status_as_of",), data.get("status_as_of"))]
        if isinstance(period, dict):
            dates += [(("period", k), period.get(k)) for k in ("start", "end")]
        sources = data.get("sources")
        if isinstance(sources, list):
            dates += [(("sources", i, "date"), s.get("date")) for i, s in enumerate(sources) if isinstance(s, dict)]
        for path, value in dates:
            if isinstance(value, str) and len(value) == 10 and ISO_DATE.fullmatch(value) and not _real_date(value):
                self.add(path, f"{value} 不是真实的日期。请检查月份和日", "date")
        added, updated = data.get("added"), data.get("updated")
        if (isinstance(added, str) and isinstance(updated, str) and ISO_DATE.fullmatch(added) and ISO_DATE.fullmatch(updated)
                and updated < added):
            self.add(("updated",), f"更新日期 {updated} 早于收录日期 {added}", "date-order")
        self.numbers()
        self.unstated_and_inferred(data)
        if self.ctx.advice:
            self.quote_context(data)
        if not self.loaded.no_invisible:
            self.invisible(data, ())

    def quote_context(self, data: dict[str, Any]) -> None:
        """Quotes from an archived source (``sources[].archive``): found in it, and not cut so that their
        meaning changes (mid-clause, or without the 要/将/下一步 that makes the sentence a demand or a plan)."""
        sources = data.get("sources")
        for i, source in enumerate(sources if isinstance(sources, list) else []):
            if not isinstance(source, dict) or not isinstance(source.get("archive"), str):
                continue
            key = source["archive"]
            passages = self.ctx.archives.get(key)
            if passages is None:
                self.add(("sources", i, "archive"), f"找不到原文存档 data/sources/{key}.txt。请检查文件名，"
                         "或删掉 archive 这一行", "archive-missing")
                continue
            for j, quote in enumerate(source.get("quotes") or []):
                if isinstance(quote, str):
                    self.quote_in(("sources", i, "quotes", j), squeeze(quote), passages, key)

    def quote_in(self, path: PathKey, quote: str, passages: list[str], key: str) -> None:
        passage = next((p for p in passages if quote in p), None)
        if passage is None:
            self.warn(path, f"这条摘录在原文存档 data/sources/{key}.txt 里找不到。摘录要逐字复制（包括标点）；"
                      "如果原文确有这句，请把它所在的整句补进存档", "quote-not-archived")
            return
        start = passage.index(quote)
        end = start + len(quote)
        head = passage[max(passage.rfind(c, 0, start) for c in SENTENCE_END) + 1:start]
        tail_end = min([k for c in SENTENCE_END if (k := passage.find(c, end)) >= 0] or [len(passage) - 1]) + 1
        sentence = head + passage[start:tail_end]
        modal = MODAL.search(head)
        if modal:
            self.warn(path, f"摘录所在的句子前面有「{modal.group(0)}」：「{clip(head, 40)}」。删掉它，要求或计划读起来就像已经做成的事。"
                      f"请从句首摘录：「{clip(sentence, 80)}」", "quote-modal")
        elif (start and passage[start - 1] not in CLAUSE_END) or (
                quote[-1] not in CLAUSE_END and end < len(passage) and passage[end] not in CLAUSE_END):
            where = "开始" if start and passage[start - 1] not in CLAUSE_END else "结束"
            self.warn(path, f"摘录从半句话中间{where}，可能改变原意。原句是：「{clip(sentence, 80)}」。"
                      "请摘录完整的一句或一个分句", "quote-context")

    def warn(self, path: PathKey, message: str, code: str) -> None:
        self.add(path, message, code, severity="warning")

    def unstated_and_inferred(self, data: dict[str, Any]) -> None:
        """不详 stands alone; every value listed as inferred is also in its field."""
        for name in VOCAB_FIELDS:
            values = data.get(name)
            if isinstance(values, list) and UNSTATED in values and len(values) > 1:
                self.add((name, values.index(UNSTATED)), f"「{UNSTATED}」表示来源完全没有说明，不能和其他值同时写。"
                         f"来源说了的值照写并删掉「{UNSTATED}」；是推断的值，请在 inferred.{name} 里再列一次", "unstated-mixed")
        inferred = data.get("inferred")
        if isinstance(inferred, dict):
            for name in VOCAB_FIELDS:
                listed, values = inferred.get(name), data.get(name)
                if not isinstance(listed, list) or not isinstance(values, list):
                    continue
                for i, value in enumerate(listed):
                    if value == UNSTATED or (isinstance(value, str) and value not in values):
                        self.add(("inferred", name, i), f"「{clip(str(value))}」写在 inferred.{name} 里，但 {name} 里没有它。"
                                 f"inferred 只标出 {name} 里哪些值是推断的：请先在 {name} 里写上它，或从这里删掉",
                                 "inferred-not-listed")
        for path, unit in [(("lead_unit",), data.get("lead_unit")),
                           *((("partners", i), p) for i, p in enumerate(data.get("partners") or []))]:
            if not isinstance(unit, dict) or not isinstance(unit.get("inferred"), list):
                continue
            for i, item in enumerate(unit["inferred"]):
                if item in ("name", "type") and unit.get(item) == UNSTATED:
                    self.add((*path, "inferred", i), f"{item} 写的是「{UNSTATED}」，不是推断的值。请从 inferred 里删掉「{item}」",
                             "inferred-not-listed")

    def numbers(self) -> None:
        """Whole numbers YAML read in a way people do not mean: 010 is 8 (octal), 1:20 is 80 (base 60)."""
        for path, raw in self.loaded.plain.items():
            value = _at_path(self.loaded.data, path)
            reported = any(p.field == dotted(path) for p in self.problems)  # e.g. wrong type: that message says it
            if isinstance(value, int) and not isinstance(value, bool) and not DECIMAL.fullmatch(raw) and not reported:
                digits = raw.lstrip("+-")
                meant = f"十进制数 {int(digits)}" if digits.isdigit() else "十进制数"
                self.add(path, f"YAML 把没加引号的 {clip(raw)} 读成了 {value}（以 0 开头、0x 开头或带冒号的数字不按十进制读）。"
                               f"请写成{meant}", "yaml-number")

    def region(self, region: dict[str, Any]) -> None:
        deepest = self.region_divisions(region)
        if deepest is None:
            return
        regions = self.ctx.regions
        code = region.get("code")
        if isinstance(code, str) and code != deepest.code:
            known = regions.get(code)
            what = f"（这是{'·'.join(d.name for d in regions.chain(code))}的代码）" if known else "（代码表里没有这个代码）"
            self.add(("region", "code"), f"区划代码应为「{deepest.code}」（{deepest.name}），而不是「{code}」{what}。"
                     "code 填所写最具体一级的代码", "region-code")
        street_name, community_name = region.get("street"), region.get("community")
        street = None
        if isinstance(street_name, str) and street_name.strip():
            street = self.region_street(street_name, deepest)
            if street is None:
                return
        if isinstance(community_name, str) and community_name.strip() and self.ctx.advice:
            self.region_community(community_name, street, deepest)

    def region_divisions(self, region: dict[str, Any]) -> Division | None:
        """The most specific of province, city and county (checked against the list); None after an error."""
        regions = self.ctx.regions
        names = {k: region.get(k) for k in ("province", "city", "county")}
        if not all(v is None or isinstance(v, str) for v in names.values()):
            return None
        province_name = names["province"]
        if province_name is None:
            return None
        province = regions.child_named(None, province_name)
        if province is None:
            choices = [d.name for d in regions.provinces()]
            self.add(("region", "province"), f"「{province_name}」不是省级行政区的正式名称。"
                     f"{_suggest(province_name, choices)}请用全称，例如 云南省、北京市、广西壮族自治区", "region-name")
            return None
        deepest: Division = province
        parent_code = province.code
        city_name = names["city"]
        street = region.get("street") if isinstance(region.get("street"), str) else None
        if city_name is not None:
            if province.is_municipality:
                if city_name != province.name:
                    self.add(("region", "city"), f"{province.name}是直辖市，不需要填 city。请删掉 city 这一行，"
                             "区名写在 county 里", "region-municipality")
                    return None
            else:
                city = regions.child_named(province.code, city_name)
                if city is None:
                    hint = regions.hint(city_name, province.name)
                    if hint is not None:
                        self.add(("region", "city"), regions.advice(hint, city_name, street), "region-hint")
                        return None
                    choices = [d.name for d in regions.children.get(province.code, []) if d.level == "city"]
                    self.add(("region", "city"), f"「{city_name}」不是{province.name}下辖的地级行政区。"
                             f"{_suggest(city_name, choices)}", "region-name")
                    return None
                deepest, parent_code = city, city.code
        county_name = names["county"]
        if county_name is not None:
            candidates = (regions.children.get(parent_code, []) if parent_code != province.code
                          else regions.counties_under(province.code))
            if parent_code == province.code and not province.is_municipality:
                candidates = [d for d in candidates if d.parent == province.code] or candidates
            county = next((d for d in candidates if d.name == county_name), None)
            if county is None:
                elsewhere = [d for d in regions.counties_under(province.code) if d.name == county_name]
                hint = regions.hint(county_name, province.name)
                if not elsewhere and hint is not None:
                    self.add(("region", "county"), regions.advice(hint, county_name, street), "region-hint")
                    return None
                if elsewhere:
                    owner = regions.get(elsewhere[0].parent or "")
                    advice = f"{county_name}属于{owner.name if owner else province.name}，请核对 city 或 county。"
                else:
                    advice = _suggest(county_name, [d.name for d in candidates])
                self.add(("region", "county"), f"「{county_name}」不在{deepest.name}的下辖区县中。{advice}", "region-name")
                return None
            if parent_code == province.code and not province.is_municipality and county.parent != province.code:
                city_of = regions.get(county.parent or "")
                self.add(("region", "city"), f"请填写 city: {city_of.name if city_of else '所属地级市'}"
                         f"（{county_name}属于它）", "region-missing-city")
                return None
            deepest = county
        return deepest

    def region_street(self, name: str, deepest: Division) -> Division | None:
        """The township/street ``name`` of the county (or city without counties) ``deepest``; None after an error."""
        regions = self.ctx.regions
        if not regions.holds_streets(deepest.code):  # a province or a city with counties: which county?
            found = [s for county in regions.counties_under(deepest.code) if (s := regions.street_named(county.code, name))]
            if len(found) == 1:
                chain = regions.chain(found[0].code)
                advice = (f"「{name}」在{'·'.join(d.name for d in chain[1:-1])}：请添加 county: {chain[-2].name}，"
                          f"并把 code 改成 \"{chain[-2].code}\"")
            elif found:
                places = "、".join(regions.get(s.parent or "").name for s in found[:6])  # type: ignore[union-attr]
                advice = f"{deepest.name}有 {len(found)} 个「{name}」（在{places}），请添加 county 写明是哪一个区县"
            else:
                advice = f"{deepest.name}下没有叫「{name}」的乡镇或街道，请核对名称，并添加 county 写明所在区县"
            self.add(("region", "street"), f"写了乡镇/街道，就要写它所在的区县（county）。{advice}", "region-street-county")
            return None
        street = regions.street_named(deepest.code, name)
        if street is not None:
            return street
        choices = [s.short_name for s in regions.streets_of(deepest.code)]
        near = near_names(name, choices)
        if near:  # the county's own streets first
            advice = f"你是不是想写「{'」或「'.join(near)}」？请用正式名称"
        else:  # the same name elsewhere: the county may be wrong
            found = regions.streets_named(name)
            if found:
                where = "；".join("·".join(d.name for d in regions.chain(s.code)[:-1]) for s in found[:3])
                advice = f"叫「{name}」的乡镇、街道在{where}{'等地' if len(found) > 3 else ''}，请核对 county"
            else:
                shown = "、".join(choices[:12]) + ("等" if len(choices) > 12 else "")
                advice = f"{deepest.name}的乡镇、街道有：{shown}。请用正式名称"
        self.add(("region", "street"), f"「{name}」不是{deepest.name}的乡镇或街道（以 2023 年统计用区划代码为准）。"
                 f"{advice}", "region-street")
        return None

    def region_community(self, name: str, street: Division | None, deepest: Division) -> None:
        """A warning when ``name`` is not a community/village committee of the street (or county) in the list."""
        regions = self.ctx.regions
        scope = street if street is not None else deepest if regions.holds_streets(deepest.code) else None
        if scope is None:
            self.add(("region", "community"), f"写了社区/村「{name}」，但没有写区县（county），无法与官方名单核对。"
                     "请补上 county（最好再写 street）", "region-community", severity="warning")
            return
        if regions.communities_named(scope.code, name):
            return
        if street is not None:
            other = regions.communities_named(deepest.code, name)
            if other:
                where = "、".join(regions.get(v.parent or "").name for v in other[:3])  # type: ignore[union-attr]
                self.add(("region", "community"), f"「{name}」在{where}，不在{street.name}。请核对 street 和 community",
                         "region-community", severity="warning")
                return
        villages = regions.villages_of(street.code) if street is not None else [
            v for s in regions.streets_of(deepest.code) for v in regions.villages_of(s.code)]
        near = near_names(name, [v.short_name for v in villages])
        closest = f"最接近的：「{'」「'.join(near)}」。" if near else ""
        self.add(("region", "community"), f"「{name}」不在{scope.name}的社区、村名单里（以 2023 年统计用区划代码为准）。"
                 f"{closest}如果来源就是这样写的（俗称、新名称），可以保留；写错了请改成名单里的名称",
                 "region-community", severity="warning")

    def invisible(self, value: Any, path: PathKey) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                self.invisible(item, (*path, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                self.invisible(item, (*path, i))
        elif isinstance(value, str):
            found = INVISIBLE.search(value)
            if found:
                char = found.group(0)
                self.add(path, f"第 {found.start() + 1} 个字处有看不见的字符 U+{ord(char):04X}（{_char_name(char)}），"
                         "常见于从网页或 Word 粘贴的文字。请删除它（python scripts/build_index.py lint --fix 可自动删除）",
                         "invisible-char")


def squeeze(text: str) -> str:
    """Text with its white space removed, as quotes are compared with the archive (PDF lines break anywhere)."""
    return re.sub(r"[ \t\r\n\u3000]+", "", text)


def _year_month(value: Any) -> tuple[int, int, int] | None:
    """``2024`` → (2024, 0, 0), ``"2024-06"`` → (2024, 6, 0), ``"2024-06-30"`` → (2024, 6, 30); None for
    anything else (the schema reports it)."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    found = YEAR_MONTH.fullmatch(str(value))
    return tuple(int(part or 0) for part in found.groups()) if found else None  # type: ignore[return-value]


def _before(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    """``a`` is earlier than ``b``, comparing only the parts both give (2024 is not before 2024-03)."""
    for x, y in zip(a, b, strict=True):
        if not (x and y) or x != y:
            return bool(x and y and x < y)
    return False


def _resolved(schema: dict[str, Any], node: Any) -> dict[str, Any]:
    """A schema node with its ``$ref`` followed (one level, as the record schema needs)."""
    if isinstance(node, dict) and "$ref" in node:
        target = schema
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node if isinstance(node, dict) else {}


def _shape_fits(schema: dict[str, Any], branch: dict[str, Any], value: Any) -> bool:
    """Whether ``value`` has the JSON type that one ``oneOf`` branch asks for (object, array …)."""
    wanted = _resolved(schema, branch).get("type")
    kinds = {"object": dict, "array": list, "string": str}
    names = [wanted] if isinstance(wanted, str) else list(wanted or [])
    return any(isinstance(value, kinds[n]) for n in names if n in kinds)


def _real_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _at_path(data: Any, path: PathKey) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _char_name(char: str) -> str:
    return unicodedata.name(char, "控制字符")


def check_record(loaded: Loaded, ctx: Context) -> list[Problem]:
    checker = RecordChecker(loaded, ctx)
    if not (isinstance(loaded.data, dict) and ctx.is_valid(loaded.data)):
        checker.schema_errors()
    checker.meaning(PurePosixPath(loaded.path).stem)
    return checker.problems


def check_library(records: list[Loaded]) -> list[Problem]:
    """Problems between records: duplicate ids, ``part_of`` to nowhere."""
    problems: list[Problem] = []
    by_id: dict[str, list[Loaded]] = {}
    for record in records:
        if isinstance(record.data, dict) and isinstance(record.data.get("id"), str):
            by_id.setdefault(record.data["id"], []).append(record)
    for record_id, group in by_id.items():
        if len(group) > 1:
            for record in group:
                others = "、".join(r.path for r in group if r is not record)
                line, col = record.position(("id",))
                problems.append(Problem(record.path, line, col, f"编号「{record_id}」与 {others} 重复。"
                                        "编号在整个案例库里必须唯一，请换一个", field="id", label="编号", code="duplicate-id"))
    for record in records:
        data = record.data if isinstance(record.data, dict) else {}
        parent = data.get("part_of")
        if isinstance(parent, str) and ID_PATTERN.match(parent):
            if parent == data.get("id"):
                message = "part_of 不能指向自己"
            elif parent not in by_id:
                message = f"找不到编号为「{parent}」的案例。{_suggest(parent, by_id) }请填写已有试点记录的 id"
            else:
                continue
            line, col = record.position(("part_of",))
            problems.append(Problem(record.path, line, col, message, field="part_of", label="所属试点",
                                    code="part-of"))
    return problems


# -- vocabularies ---------------------------------------------------------------

def check_vocabulary(loaded: Loaded, key: str, vocab_schema: dict[str, Any]) -> tuple[Vocabulary | None, list[Problem]]:
    """Validate one vocabulary file and build it; problems point into the file."""
    problems: list[Problem] = []

    def add(path: PathKey, message: str, code: str) -> None:
        line, col = loaded.position(path)
        problems.append(Problem(loaded.path, line, col, message, field=dotted(path), code=code))

    if not quick_validator(vocab_schema)(loaded.data):
        import jsonschema

        for error in jsonschema.Draft202012Validator(vocab_schema).iter_errors(loaded.data):
            add(tuple(error.absolute_path), f"词表格式不对：{error.message}", "vocab-file")
    if problems:
        return None, problems
    data = loaded.data
    if data["field"] != key:
        add(("field",), f"field 应为「{key}」（与文件名一致）", "vocab-file")
    seen: dict[str, PathKey] = {}
    slugs = {t["slug"] for t in data["terms"]}
    for i, term in enumerate(data["terms"]):
        for word, where in [(term["slug"], "slug"), (term["name"], "name"),
                            *((a, f"aliases[{j}]") for j, a in enumerate(term.get("aliases", [])))]:
            if word in seen:
                add(("terms", i), f"「{word}」与 {dotted(seen[word])} 重复。同一词表里的编号、名称和别称不能重复", "vocab-duplicate")
            seen[word] = ("terms", i, where)
        for j, slug in enumerate(term.get("related", [])):
            if slug not in slugs:
                add(("terms", i, "related", j), f"related 引用了不存在的术语「{slug}」。{_suggest(slug, slugs)}",
                    "vocab-reference")
    combinations: dict[str, tuple[str, ...]] = {}
    for i, combo in enumerate(data.get("combinations", [])):
        for j, slug in enumerate(combo["terms"]):
            if slug not in slugs:
                add(("combinations", i, "terms", j), f"组合引用了不存在的术语「{slug}」。{_suggest(slug, slugs)}",
                    "vocab-reference")
        combinations[combo["name"]] = tuple(combo["terms"])
    if problems:
        return None, problems
    from caselib.reference.vocab import VOCABULARIES

    terms = [Term(t["slug"], t["name"], t["definition"], tuple(t.get("aliases", [])), tuple(t.get("maps_to", [])),
                  tuple(t.get("related", [])), t.get("source")) for t in data["terms"]]
    return Vocabulary(key, data["title"], VOCABULARIES[key][1], terms, combinations), problems


def iter_strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from iter_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from iter_strings(item)
    elif isinstance(value, str):
        yield value
