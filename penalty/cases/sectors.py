"""A small sector vocabulary for matching cases by the party's business.

The ``sector`` column is free text ("healthcare (hospital)", "short video / live streaming",
"education technology (smart campus system)"). Word overlap matches "technology" with everything
and misses "hospital" vs "healthcare"; instead each text is mapped to one or more **sector groups**
by keywords (English and Chinese; English keywords match case-insensitively at a word start, and a
keyword written with a trailing space only as a whole word). A case
and a query are "in the same sector" when their groups intersect. Text that maps to no group
(e.g. "undisclosed") never matches.

The vocabulary is documented in ``data/README.md`` (section "cases.csv", "Articles and sectors in matching"); a test
checks that every sector in the bundled file that is not undisclosed maps to a group.
"""

from __future__ import annotations

import re
from functools import lru_cache

# group -> (label, keywords). Keep keywords specific: a generic word such as "technology" or
# "services" alone would put every company in one group, so it maps only to "it_software" and only
# when nothing more specific is said (see ``GENERIC``).
SECTOR_GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "social_media": ("social media, forums, messaging, online communities, dating",
                     ("social", "forum", "community", "messaging", "wechat", "weibo", "microblog", "dating",
                      "public-account", "论坛", "社交", "社区", "微博", "公众号")),
    "video_live": ("short video and live streaming",
                   ("short video", "video", "douyin", "kuaishou", "live stream", "livestream", "live-stream", "streaming", "短视频",
                    "直播")),
    "news_content": ("news, portals, search, browsers and other content services",
                     ("news", "portal", "search", "browser", "online media", "news media", "content", "publishing", "database",
                      "新闻", "门户", "搜索", "媒体")),
    "ecommerce_retail": ("e-commerce and retail",
                         ("e-commerce", "ecommerce", "retail", "shop", "marketplace", "电商", "零售")),
    "education": ("schools, training and education technology",
                  ("education", "school", "vocational", "tutor", "driver-training", "training school",
                   "training institution", "campus", "academic", "university", "教育", "学校", "培训")),
    "healthcare": ("hospitals, medical laboratories, health and medical technology",
                   ("health", "hospital ", "hospitals ", "medical", "clinic", "laboratory", "biotech", "pharma", "医院", "医疗",
                    "医学", "检验", "健康")),
    "finance": ("banking, insurance, securities and payments",
                ("bank", "insurance", "securities", "payment", "financ", "fintech", "银行", "保险", "证券",
                 "支付", "金融")),
    "telecom_network": ("telecommunications, ISPs, data centres and hosting",
                        ("telecom", "broadband", "isp ", "data centre", "data center", "idc ", "hosting", "cloud",
                         "domain", "电信", "通信", "运营商", "宽带", "数据中心")),
    "it_software": ("software, IT services, AI and data services",
                    ("software", "information technology", "it services", "ai ", "artificial intelligence",
                     "data ", "app distribution", "internet information", "website", "internet platform",
                     "软件", "信息技术", "人工智能", "数据")),
    "travel_mobility": ("travel, ticketing, hotels, ride-hailing and mobility",
                        ("travel", "ticket", "hotel", "hospitality", "ride-hailing", "mobility",
                         "出行", "旅游", "酒店", "票务", "网约车")),
    "real_estate": ("real estate and property management",
                    ("real estate", "property", "房地产", "物业")),
    "industry_energy": ("manufacturing, energy, utilities, environment and agriculture",
                        ("manufactur", "machinery", "energy", "power", "heat", "utility", "environmental",
                         "agricultur", "factory", "industrial", "制造", "能源", "电力", "环保", "农业")),
    "gaming": ("games and esports", ("game", "gaming", "esports", "游戏", "电竞")),
    "public_bodies": ("research institutes, associations and other public bodies",
                      ("research institute", "association", "government", "public institution", "研究所", "协会",
                       "政府", "事业单位")),
}

# Generic words that place a text in "it_software" only if no other group matched.
GENERIC: tuple[str, ...] = ("technology", "tech", "internet", "科技", "互联网")
_UNDISCLOSED = ("undisclosed", "unknown", "not stated", "未披露")


def _kw_pattern(kw: str) -> re.Pattern[str]:
    if re.search(r"[\u4e00-\u9fff]", kw):
        return re.compile(re.escape(kw))
    # English: match at a word start ("financ" matches "financial", "bank" matches "banking"); a
    # keyword written with a trailing space must also end a word ("hospital " does not match
    # "hospitality", "data " does not match "database").
    return re.compile(r"(?<![a-z0-9])" + re.escape(kw.strip()) + (r"(?![a-z0-9])" if kw.endswith(" ") else ""))


_PATTERNS: dict[str, tuple[re.Pattern[str], ...]] = {
    g: tuple(_kw_pattern(k) for k in kws) for g, (_, kws) in SECTOR_GROUPS.items()
}
_GENERIC_PATTERNS = tuple(_kw_pattern(k) for k in GENERIC)


@lru_cache(maxsize=4096)
def sector_groups(text: str | None) -> frozenset[str]:
    """The sector groups a free-text sector belongs to (empty when none or undisclosed)."""
    t = (text or "").strip().lower()
    if not t:
        return frozenset()
    groups = {g for g, pats in _PATTERNS.items() if any(p.search(t) for p in pats)}
    if not groups and any(p.search(t) for p in _GENERIC_PATTERNS):
        groups.add("it_software")
    if not groups and any(u in t for u in _UNDISCLOSED):
        return frozenset()
    return frozenset(groups)


def sector_match(query: str | None, case_sector: str | None) -> frozenset[str]:
    """Sector groups shared by a query's sector and a case's sector."""
    return sector_groups(query) & sector_groups(case_sector)


def vocabulary_markdown() -> str:
    """The vocabulary as a Markdown table (for ``data/README.md``)."""
    lines = ["| group | covers | keywords |", "|---|---|---|"]
    for g, (label, kws) in SECTOR_GROUPS.items():
        shown = [f"{k.strip()} (whole word)" if k.endswith(" ") else k for k in kws]
        lines.append(f"| `{g}` | {label} | {', '.join(shown)} |")
    lines.append(f"| (fallback) `it_software` | when nothing else matched | {', '.join(GENERIC)} |")
    return "\n".join(lines)
