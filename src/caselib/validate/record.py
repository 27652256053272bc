"""Stage 2 of the pipeline: one loaded record checked, every problem in Chinese at its line.

Two layers, each returning problems (never raising):

1. the JSON Schema (``schema/case.schema.json``) for shape and types, with every error turned into
   a Chinese message at the value's line (``schema_error``);
2. meaning: vocabulary terms (with "did you mean"), the region against the official division list
   (``validate.regions``), quotes against archived sources (``validate.quotes``, ``check`` only),
   dates in order, id = file name, numbers YAML misread, invisible characters.

The library as a whole (unique ids, ``part_of``) is ``validate.library``; vocabulary files are
``validate.vocabulary``; what people paste from PDFs is ``validate.lint``. Run it through the CLI:
``python scripts/build_index.py check``.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from caselib.load.reader import DECIMAL, Loaded
from caselib.problems import PathKey, Problem, clip, dotted
from caselib.reference.schema import resolved, values_at
from caselib.reference.vocab import UNSTATED, VOCAB_FIELDS
from caselib.validate.chars import INVISIBLE, char_name, may_hide_invisible
from caselib.validate.context import Context
from caselib.validate.quotes import QuoteChecks
from caselib.validate.regions import RegionChecks
from caselib.validate.suggest import ask, suggest, vocab_suggestions

if TYPE_CHECKING:
    import jsonschema

TYPE_NAMES = {"string": "文字", "integer": "整数", "number": "数字", "array": "列表（每项以“- ”开头）",
              "object": "一组字段（“键: 值”，下一行缩进）", "boolean": "布尔值（true/false）", "null": "空值", "float": "小数"}
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Ids that would collide with a generated page's URL (cases/index/ is the list of all cases).
RESERVED_IDS = {"index": "cases/index/ 是全部案例的页面"}
YEAR_MONTH = re.compile(r"((?:19|20)[0-9]{2})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12][0-9]|3[01]))?)?")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _type_name(value: Any) -> str:
    for name, kind in (("boolean", bool), ("integer", int), ("float", float), ("string", str), ("array", list),
                       ("object", dict)):
        if isinstance(value, kind):
            return TYPE_NAMES[name]
    return TYPE_NAMES["null"]


class RecordChecker(RegionChecks, QuoteChecks):
    """The problems of one loaded record: the schema layer, then meaning (regions and quotes in their modules)."""

    def __init__(self, loaded: Loaded, ctx: Context, text: str | None = None) -> None:
        super().__init__(loaded, ctx)
        self.text = text

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
                    self.add((*path, name), f"未知字段「{name}」。{suggest(name, allowed) or ''}"
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
            node = resolved(self.ctx.schema, node)
            node = node.get("items", {}) if isinstance(part, int) else node.get("properties", {}).get(part, {})
        node = resolved(self.ctx.schema, node)
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
            self.add(path, f"「{text}」不在{vocab.title}词表里。{ask(vocab_suggestions(text, vocab))}"
                     f"可选：{'、'.join(vocab.names())}；来源没有说明时写 {UNSTATED}。"
                     f"确需新词，请在 data/vocab/{vocab.key}.yml 中提议", "vocab")
            return
        self.add(path, f"「{text}」不是可选值。{suggest(text, allowed)}可选：{'、'.join(allowed)}", "enum")

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
        # every field the schema marks x-date: no list here to keep in step with the schema
        dates = [found for where in self.ctx.date_paths for found in values_at(data, where)]
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
        if self.text is None or may_hide_invisible(self.text):
            self.invisible(data, ())

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
                self.add(path, f"第 {found.start() + 1} 个字处有看不见的字符 U+{ord(char):04X}（{char_name(char)}），"
                         "常见于从网页或 Word 粘贴的文字。请删除它（python scripts/build_index.py lint --fix 可自动删除）",
                         "invisible-char")


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


def _shape_fits(schema: dict[str, Any], branch: dict[str, Any], value: Any) -> bool:
    """Whether ``value`` has the JSON type that one ``oneOf`` branch asks for (object, array …)."""
    wanted = resolved(schema, branch).get("type")
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


def check_record(loaded: Loaded, ctx: Context, text: str | None = None) -> list[Problem]:
    """Every problem of one loaded record (not the lint's). ``text``, the file's text when the caller has it,
    spares the search for invisible characters in every value when the text has none (a tenth of validation
    at 10,000 records)."""
    checker = RecordChecker(loaded, ctx, text)
    if not (isinstance(loaded.data, dict) and ctx.is_valid(loaded.data)):
        checker.schema_errors()
    checker.meaning(PurePosixPath(loaded.path).stem)
    return checker.problems


