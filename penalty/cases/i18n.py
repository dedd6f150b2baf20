"""English and Chinese wording of the case package's explanations.

Every user-facing sentence of ``penalty.cases`` is produced in both languages: the English field
stays as it was (``reasons``, ``warnings``, ``computed_from``, ``explanation``, ``note``) and a
Chinese counterpart sits next to it (``reasons_zh``, ``warnings_zh``, ``computed_from_zh``,
``explanation_zh``, ``note_zh``); warnings are also given as :class:`Notice` objects carrying a
stable ``code``. Law names and article references in the Chinese text come from the catalogue
(``Provision.law_title_zh``, ``citation_zh``, the benchmark Provision's ``title_zh``); only the
connecting words are here. Labels for the dataset's own codes (authority type, level, party type,
match level, implied band) are product vocabulary, not law; band names come from the catalogue.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

from penalty.catalogue.wording import article_zh

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")


class Notice(BaseModel):
    """One warning in both languages, with a stable code the app can key on."""

    model_config = ConfigDict(frozen=True)

    code: str
    en: str
    zh: str


def check_lang(lang: str) -> Lang:
    if lang not in LANGS:
        raise ValueError(f"lang {lang!r} is not valid; valid: {', '.join(LANGS)}")
    return lang


MATCH_LEVEL_ZH = {"provision": "同一条款", "article": "同一条", "law_tier": "同一法律同一层级", "law": "同一法律"}
MATCH_LEVEL_EN = {"provision": "same provision", "article": "same article", "law_tier": "same law and tier",
                  "law": "same law"}

AUTHORITY_TYPE_ZH = {"cac": "网信部门", "public_security": "公安机关", "market_regulation": "市场监管部门",
                     "financial_regulator": "金融监管部门", "other": "其他部门"}
LEVEL_ZH = {"national": "国家级", "provincial": "省级", "city": "市级", "district": "区县级"}
PARTY_TYPE_ZH = {"company": "企业", "public_institution": "事业单位等公共机构", "individual": "个人"}
FINE_OF_ZH = {"entity": "单位罚款", "individual": "个人罚款"}
# Bands outside the catalogue's five (a fine above the statutory maximum).
EXTRA_BAND = {"above_maximum": ("above the maximum", "超过法定最高额")}

_ART = re.compile(r"Art\.?\s*(\d+)(?:\s*\((\d+)\))?")


def citation_zh_of(citation_en: str, title_zh: str) -> str:
    """A citation such as ``"Provision Art. 12"`` or ``"Provision Art. 5, Art. 12"`` in Chinese,
    with the instrument's catalogue title: ``《…》第十二条``. Falls back to the title alone."""
    arts = [article_zh(int(a), int(p) if p else None) for a, p in _ART.findall(citation_en)]
    return f"《{title_zh}》" + "、".join(arts)


def label_zh(mapping: dict[str, str], code: str) -> str:
    """The Chinese label of a dataset code, or the code itself when it has none."""
    return mapping.get(code, code)


SANCTION_LABELS = {
    "warning": ("Warning", "警告"), "fine": ("Fine", "罚款"),
    "persons_fine": ("Fine on responsible persons", "对责任人员罚款"),
    "confiscation": ("Confiscation of illegal gains", "没收违法所得"),
    "suspension": ("Suspension", "暂停相关业务、停业整顿"),
    "revocation": ("Revocation of licence or closure", "吊销许可证或关闭网站"),
    "order_rectify": ("Order to rectify", "责令改正"), "order_stop": ("Order to stop", "责令停止"),
    "summons": ("Regulatory talk (约谈)", "约谈"),
    "account_handling": ("Accounts or content dealt with", "处置账号"),
    "persons_discipline": ("Staff disciplined", "严肃处理责任人"), "referral": ("Referral", "移送"),
    "other": ("Other measure", "其他措施"), "unknown": ("Penalty of unknown kind", "处罚种类不明"),
}


def sanction_label(code: str, lang: str = "en") -> str:
    en, zh = SANCTION_LABELS.get(code, (code, code))
    return zh if lang == "zh" else en


# Place names the dataset's English authority names and regions use (pinyin -> Chinese).
PLACE_ZH = {
    "Beijing": "北京", "Shanghai": "上海", "Chongqing": "重庆", "Tianjin": "天津", "Guangdong": "广东",
    "Guizhou": "贵州", "Hainan": "海南", "Hebei": "河北", "Henan": "河南", "Hubei": "湖北", "Hunan": "湖南",
    "Inner Mongolia": "内蒙古", "Jiangxi": "江西", "Jiangsu": "江苏", "Liaoning": "辽宁", "Ningxia": "宁夏",
    "Qinghai": "青海", "Shandong": "山东", "Sichuan": "四川", "Xinjiang": "新疆", "Zhejiang": "浙江",
    "Fujian": "福建", "Anhui": "安徽", "Shaanxi": "陕西", "Shanxi": "山西", "Yunnan": "云南", "Gansu": "甘肃",
    "Jilin": "吉林", "Heilongjiang": "黑龙江", "Guangxi": "广西", "Tibet": "西藏",
    "Beibei": "北碚", "Changping": "昌平", "Chaoyang": "朝阳", "Changsha": "长沙", "Yuelu": "岳麓",
    "Chengdu": "成都", "Dadukou": "大渡口", "Guangzhou": "广州", "Guiyang": "贵阳", "Haikou": "海口",
    "Hengnan": "衡南", "Hengyang": "衡阳", "Huaihua": "怀化", "Huinong": "惠农", "Shizuishan": "石嘴山",
    "Jingdezhen": "景德镇", "Mianyang": "绵阳", "Minquan": "民权", "Shangqiu": "商丘", "Nanchang": "南昌",
    "Ningbo": "宁波", "Ordos": "鄂尔多斯", "Qinhuangdao": "秦皇岛", "Fengxian": "奉贤", "Shantou": "汕头",
    "Suining": "遂宁", "Taishun": "泰顺", "Wenzhou": "温州", "Tongliao": "通辽", "Wangcheng": "望城",
    "Xiangtan": "湘潭", "Yuetang": "岳塘", "Yinchuan": "银川", "Xingqing": "兴庆", "Zhengzhou": "郑州",
    "Zhongfang": "中方", "Zhongshan": "中山", "Wuhan": "武汉",
    "Hefei": "合肥", "Dazhou": "达州", "Dingnan": "定南", "Ganzhou": "赣州", "Donglan": "东兰",
    "Hechi": "河池", "Honggutan": "红谷滩", "Jinfeng": "金凤", "Jinxiang": "金乡", "Jining": "济宁",
    "Pingluo": "平罗", "Renhe": "仁和", "Panzhihua": "攀枝花", "Pudong": "浦东", "Yangpu": "杨浦",
    "Tianzhu": "天柱", "Qiandongnan": "黔东南", "Yanzhou": "兖州", "Xilingol": "锡林郭勒",
    "Yili": "伊犁", "Xiangxi": "湘西",
    "Hohhot": "呼和浩特", "Kuitun": "奎屯", "Meizhou": "梅州", "Nanning": "南宁", "Yueqing": "乐清",
    "Yuhua": "雨花",
}
_AUTHORITY_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^Cyberspace Administration of China.*$"), "国家互联网信息办公室"),
    (re.compile(r"^(?P<a>[A-Z][a-z]+) District CAC, (?P<b>[A-Z][a-z]+)"), "{b}市{a}区网信办"),
    (re.compile(r"^(?P<a>[A-Z][a-z]+) County CAC \((?P<b>[A-Z][a-z]+)\)"), "{b}市{a}县网信办"),
    (re.compile(r"^(?P<a>[A-Z][a-z]+) Municipal CAC"), "{a}市网信办"),
    (re.compile(r"^(?P<a>[A-Z][a-z]+) Provincial CAC"), "{a}省网信办"),
    (re.compile(r"^(?P<a>[A-Z][a-z]+) cyberspace authority"), "{a}市网信办"),
    (re.compile(r"^Local CAC in (?P<a>[A-Z][a-z]+)"), "{a}地方网信部门"),
    (re.compile(r"^Local CAC"), "地方网信部门"),
    (re.compile(r"^(?P<a>[A-Z][a-z]+) PSB High-tech Zone Branch"), "{a}市公安局高新区分局"),
    (re.compile(r"^(?P<a>[A-Z][a-z]+) PSB (?P<b>[A-Z][a-z-]+) Branch"), "{a}市公安局{b}分局"),
    (re.compile(r"^(?P<a>[A-Z][a-z]+) District PSB \((?P<b>[A-Z][a-z]+)\)"), "{b}市{a}区公安分局"),
    (re.compile(r"^(?P<a>[A-Z][a-z]+) County PSB \((?P<b>[A-Z][a-z]+)\)"), "{b}市{a}县公安局"),
    (re.compile(r"^(?P<a>[A-Z][a-z]+) County Public Security Bureau \((?P<b>[A-Z][a-z]+)\)"),
     "{b}{a}县公安局"),
    (re.compile(r"^(?P<a>[A-Z][a-z]+) County Public Security Bureau.*, (?P<b>[A-Z][a-z]+)$"),
     "{b}{a}县公安局"),
    (re.compile(r"^(?P<a>[A-Z][a-z]+) District public security \((?P<b>[A-Z][a-z]+)\)"),
     "{b}市{a}区公安分局"),
    (re.compile(r"^(?P<a>[A-Z][a-z]+) District public security.*\((?P<b>[A-Z][a-z]+)\)$"),
     "{b}市{a}区公安分局"),
    (re.compile(r"^(?P<a>[A-Z][a-z]+) District public security, (?P<b>[A-Z][a-z]+)$"),
     "{b}市{a}区公安分局"),
    (re.compile(r"^(?P<a>[A-Z][a-z]+) public security cyber-security brigade \((?P<b>[A-Z][a-z]+)\)"),
     "{b}市公安局{a}分局网安大队"),
    (re.compile(r"^Shanghai (?P<a>[A-Z][a-z]+) public security"), "上海市公安局{a}分局"),
    (re.compile(r"^(?P<a>[A-Z][a-z]+) County public security"), "{a}县公安局"),
    (re.compile(r"^Chengdu High-tech Zone public security"), "成都市公安局高新区分局"),
    (re.compile(r"^(?P<a>[A-Z][a-z]+) League Public Security Bureau"), "{a}盟公安局"),
    (re.compile(r"^(?P<a>[A-Z][a-z]+) Prefecture public security"), "{a}州公安局"),
    (re.compile(r"^Xiangxi Tujia and Miao Autonomous Prefecture CAC"), "湘西土家族苗族自治州网信办"),
    (re.compile(r"^Anhui public security"), "安徽省公安厅"),
    (re.compile(r"^Yunnan public security"), "云南省公安厅"),
    (re.compile(r"^Guangxi public security"), "广西壮族自治区公安厅"),
    (re.compile(r"^Local public security organ in (?P<a>[A-Z][a-z]+)"), "{a}地方公安机关"),
    (re.compile(r"^(Local public security organ|Public security organs)"), "公安机关"),
    # Taizhou is two cities (台州, Zhejiang; 泰州, Jiangsu): named with its province only
    (re.compile(r"^Taizhou Public Security Bureau \(Zhejiang\)"), "台州市公安局"),
    (re.compile(r"^Taizhou Public Security Bureau \(Jiangsu\)"), "泰州市公安局"),
    (re.compile(r"^(?P<a>[A-Z][a-z]+) public security"), "{a}市公安局"),
    (re.compile(r"^Heilongjiang cyberspace authorities"), "黑龙江省网信部门（会同公安机关）"),
    (re.compile(r"^Shanghai Communications Administration"), "上海市通信管理局"),
    (re.compile(r"^(?P<a>[A-Z][a-z]+) Municipal (PSB|Public Security Bureau)"), "{a}市公安局"),
    (re.compile(r"^(?P<a>[A-Z][a-z]+) Public Security Bureau"), "{a}市公安局"),
    (re.compile(r"^Shanghai (?P<a>[A-Z][a-z]+) District Administration for Market Regulation"),
     "上海市{a}区市场监督管理局"),
    (re.compile(r"^(?P<a>[A-Z][a-z]+) Municipal Administration for Market Regulation"), "{a}市市场监督管理局"),
    (re.compile(r"^Liaoning Banking and Insurance Regulatory Bureau"), "辽宁银保监局"),
    (re.compile(r"^People's Bank of China"), "中国人民银行分支机构"),
)
_NOTES_ZH = {"guided by national CAC": "在国家网信办指导下", "inferred": "推定",
             "named in national CAC typical-case release": "见国家网信办典型案例通报"}


def authority_zh(name: str) -> str:
    """The dataset's English authority name in Chinese, built from its pattern and the place
    names above; a name no pattern knows stays in English."""
    for pattern, template in _AUTHORITY_RULES:
        m = pattern.match(name)
        if m:
            parts = {k: PLACE_ZH.get(v, v) for k, v in m.groupdict().items()}
            text = template.format(**parts)
            note = re.search(r"\(([^()]*)\)\s*$", name)
            if note and note.group(1) in _NOTES_ZH:
                text += f"（{_NOTES_ZH[note.group(1)]}）"
            return text
    return name


def region_zh(region: str) -> str:
    """'Hubei (inferred ...)' -> '湖北（推定）'; 'undisclosed' -> '未披露'."""
    if region in ("undisclosed", "", None):
        return "未披露"
    head, _, rest = str(region).partition(" (")
    if head.startswith("national"):
        return "全国（北京注册当事人）"
    if " or " in head:
        return "或".join(PLACE_ZH.get(x.strip(), x.strip()) for x in head.split(" or ")) + "（推定）"
    zh = PLACE_ZH.get(head, head)
    return zh + ("（推定）" if "inferred" in rest else "")
