"""The region of a record against the official division list: province down to township (errors) and community
(a warning: sources shorten committee names).

Names must be the official full names, the code the six-digit code of the most specific of province,
city and county (``data/regions/``, the NBS 2023 list); a township must lie in the county. A name
that is a national new area or a renamed district gets a hint that says where to write it
(``hints.yml``).
"""

from __future__ import annotations

from typing import Any

from caselib.reference.regions import Division, near_names
from caselib.validate.context import Checker
from caselib.validate.suggest import suggest


class RegionChecks(Checker):
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
                     f"{suggest(province_name, choices)}请用全称，例如 云南省、北京市、广西壮族自治区", "region-name")
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
                             f"{suggest(city_name, choices)}", "region-name")
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
                    advice = suggest(county_name, [d.name for d in candidates])
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
