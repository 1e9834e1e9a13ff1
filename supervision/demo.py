"""The demo city (江州市, fictional): its unit tree, officers and one login per role.

Other apps seed their own demo data from ``AppConfig.seed_demo``; ``manage.py seed_demo``
calls them in dependency order. Randomness is seeded so that every demo is the same city.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import transaction
from rest_framework.authtoken.models import Token

from .choices import Role, UnitKind
from .models import Officer, Unit, User

DEMO_PASSWORD = "Jiangzhou@2026"  # noqa: S105 - printed for the demo, never a production account
CITY_CODE = "350100000000"

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀英 霞 平 刚 桂英 华 建华 建国 "
    "志强 晓明 海燕 婷 雪 浩 宇 子涵 欣怡 梓萱 一诺 浩然 宇轩 俊杰 文博 思远 佳怡 晨 鹏 辉 "
    "斌 波 宁 琳 倩 颖 凯 亮 峰 博文 雨桐 子轩 梦瑶 嘉怡 国强 春梅 玉兰 金凤 秀兰 德明 永刚 "
    "文静 立新 红梅 志刚 海涛 晓燕 丽华 振华 卫东 建军 小红 小军 家豪 天佑"
).split()

BRANCHES_SMALL = [
    (
        "350102000000",
        "江州市公安局鼓楼分局",
        "鼓楼分局",
        UnitKind.BRANCH_BUREAU,
        ["东街派出所", "南门派出所", "温泉派出所", "刑侦大队"],
    ),
    (
        "350103000000",
        "江州市公安局江南分局",
        "江南分局",
        UnitKind.BRANCH_BUREAU,
        ["江滨派出所", "新港派出所", "城东派出所", "治安大队"],
    ),
    (
        "350104000000",
        "江州市公安局高新分局",
        "高新分局",
        UnitKind.BRANCH_BUREAU,
        ["科技园派出所", "金山派出所", "上街派出所"],
    ),
    (
        "350121000000",
        "清河县公安局",
        "清河县局",
        UnitKind.COUNTY_BUREAU,
        ["城关派出所", "白沙派出所", "青口派出所", "桐溪派出所", "刑侦大队"],
    ),
]
EXTRA_BRANCH_NAMES = [
    "马尾",
    "长乐",
    "闽安",
    "福清",
    "连江",
    "罗源",
    "闽清",
    "永泰",
    "平潭",
    "琅岐",
    "晋安",
    "仓山",
]
STATION_PREFIXES = [
    "东湖",
    "西关",
    "北岭",
    "南台",
    "中山",
    "解放",
    "人民",
    "和平",
    "建设",
    "新村",
    "湖滨",
    "华林",
    "五一",
    "茶亭",
    "洪山",
    "水部",
    "义洲",
    "坊巷",
    "安泰",
    "宁化",
    "王庄",
    "岳峰",
    "象园",
    "鼓山",
    "新店",
    "红星",
    "金峰",
    "潭头",
]


@dataclass
class DemoLogin:
    username: str
    role: str
    unit: str
    note: str = ""


def random_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _unit(code, name, kind, parent=None, short_name="", order=0) -> Unit:
    unit, _created = Unit.objects.get_or_create(
        code=code,
        defaults={
            "name": name,
            "kind": kind,
            "parent": parent,
            "short_name": short_name,
            "sort_order": order,
        },
    )
    return unit


def _branches(scale: str) -> list[tuple]:
    if scale != "city":
        return BRANCHES_SMALL
    # A large city: about a dozen branches/counties of about a dozen stations each.
    branches = list(BRANCHES_SMALL)
    rng = random.Random(7)
    for i, name in enumerate(EXTRA_BRANCH_NAMES[:8]):
        county = i % 3 == 2
        code = f"3501{30 + i:02d}000000"
        full = f"{name}县公安局" if county else f"江州市公安局{name}分局"
        stations = [f"{p}派出所" for p in rng.sample(STATION_PREFIXES, 11)] + ["刑侦大队"]
        branches.append(
            (
                code,
                full,
                f"{name}{'县局' if county else '分局'}",
                UnitKind.COUNTY_BUREAU if county else UnitKind.BRANCH_BUREAU,
                stations,
            )
        )
    return branches


@transaction.atomic
def seed(*, scale: str = "small", stdout=None) -> list[DemoLogin]:
    rng = random.Random(2026)
    city = _unit(CITY_CODE, "江州市公安局", UnitKind.CITY_BUREAU, short_name="市局")
    city_legal = _unit("350100190000", "江州市公安局法制支队", UnitKind.LEGAL_AFFAIRS, city, "法制支队", 1)
    _unit("350100950000", "江州市公安局案件管理中心", UnitKind.CASE_CENTRE, city, "市局案管中心", 2)
    _unit("350100040000", "江州市公安局刑事侦查支队", UnitKind.DEPARTMENT, city, "刑侦支队", 3)

    stations: list[Unit] = []
    branch_legal: dict[str, Unit] = {}
    for b_index, (code, name, short, kind, station_names) in enumerate(_branches(scale), start=1):
        branch = _unit(code, name, kind, city, short, 10 + b_index)
        prefix = code[:6]
        branch_legal[code] = _unit(
            f"{prefix}190000", f"{name}法制大队", UnitKind.LEGAL_AFFAIRS, branch, f"{short}法制大队", 1
        )
        _unit(f"{prefix}950000", f"{name}案件管理中心", UnitKind.CASE_CENTRE, branch, f"{short}案管中心", 2)
        for s_index, station_name in enumerate(station_names, start=1):
            kind_s = UnitKind.BRIGADE if station_name.endswith("大队") else UnitKind.POLICE_STATION
            stations.append(
                _unit(
                    f"{prefix}{50 + s_index:02d}0000",
                    f"{name}{station_name}",
                    kind_s,
                    branch,
                    station_name,
                    10 + s_index,
                )
            )

    # Officers: six to ten per station, the first two are the chief and deputy (mid-level leaders).
    badge = 100000
    officers_by_unit: dict[int, list[Officer]] = {}
    for station in stations:
        officers = []
        for i in range(rng.randint(6, 10)):
            badge += 1
            officers.append(
                Officer(
                    badge_no=f"{badge:06d}",
                    name=random_name(rng),
                    unit=station,
                    is_auxiliary=i >= 6 and rng.random() < 0.5,
                    is_mid_level_leader=i < 2,
                )
            )
        officers_by_unit[station.pk] = officers
    Officer.objects.bulk_create(
        [o for group in officers_by_unit.values() for o in group], ignore_conflicts=True
    )

    first_branch = Unit.objects.get(code=BRANCHES_SMALL[0][0])
    dongjie = Unit.objects.get(code="350102510000")
    nanmen = Unit.objects.get(code="350102520000")
    dongjie_officers = list(Officer.objects.filter(unit=dongjie).order_by("badge_no"))
    logins = [
        ("fazhi", Role.LEGAL_AFFAIRS, city_legal, "市局法制支队：全市范围", None),
        (
            "fzy_gulou",
            Role.LEGAL_OFFICER,
            branch_legal[first_branch.code],
            "鼓楼分局法制大队：鼓楼分局范围",
            None,
        ),
        ("suozhang_dongjie", Role.STATION_CHIEF, dongjie, "东街派出所所长", dongjie_officers[0]),
        ("minjing_dongjie", Role.OFFICER, dongjie, "东街派出所民警", dongjie_officers[2]),
        ("suozhang_nanmen", Role.STATION_CHIEF, nanmen, "南门派出所所长（东街的兄弟单位）", None),
        ("lingdao", Role.LEADER, city, "市局领导：大屏", None),
        ("shenji", Role.AUDITOR, city, "审计：只读", None),
        ("api_client", Role.API_CLIENT, city, "外部系统：REST 接口", None),
    ]
    created: list[DemoLogin] = []
    for username, role, unit, note, officer in logins:
        user, was_created = User.objects.get_or_create(
            username=username,
            defaults={
                "role": role,
                "unit": unit,
                "full_name": officer.name if officer else random_name(rng),
                "officer": officer,
            },
        )
        if was_created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        created.append(DemoLogin(username, role.label, unit.display_name, note))
    admin, was_created = User.objects.get_or_create(
        username="admin",
        defaults={
            "is_staff": True,
            "is_superuser": True,
            "full_name": "系统管理员",
            "unit": city,
            "role": Role.LEGAL_AFFAIRS,
        },
    )
    if was_created:
        admin.set_password(DEMO_PASSWORD)
        admin.save(update_fields=["password"])
    created.append(DemoLogin("admin", "superuser", city.display_name, "Django 管理后台"))
    token, _ = Token.objects.get_or_create(user=User.objects.get(username="api_client"))
    for login in created:
        if login.username == "api_client":
            login.note += f"  token: {token.key}"
    if stdout is not None:
        stdout.write(f"units: {Unit.objects.count()}, officers: {Officer.objects.count()}")
    return created
