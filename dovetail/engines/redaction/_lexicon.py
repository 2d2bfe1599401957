"""Word lists the detectors lean on: surnames, given names, titles and cue words, units."""

import re

# The most common Chinese surnames (about 85% of people), and the common compound ones.
SURNAMES_ZH = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武"
    "戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮"
    "柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古"
    "吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫"
    "寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
SURNAMES_ZH_COMPOUND = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "尉迟")
SURNAMES_ZH_PATTERN = "|".join(SURNAMES_ZH_COMPOUND) + "|[" + SURNAMES_ZH + "]"

# Titles people are called by after their name, longest first so 工程师 wins over 工.
TITLES_ZH = (
    "副总经理",
    "总经理",
    "总工程师",
    "工程师",
    "技术员",
    "董事长",
    "总监",
    "经理",
    "主任",
    "主管",
    "组长",
    "班长",
    "厂长",
    "科长",
    "处长",
    "部长",
    "院长",
    "校长",
    "书记",
    "教授",
    "博士",
    "老师",
    "师傅",
    "先生",
    "女士",
    "小姐",
    "同学",
    "总工",
    "副总",
    "导师",
    "老板",
    "总",
    "工",
)
TITLES_ZH_PATTERN = "|".join(TITLES_ZH)
TITLE_START_ZH = {title[0] for title in TITLES_ZH}

# Words that introduce a name.
CUES_ZH = (
    "联系人",
    "负责人",
    "对接人",
    "学员",
    "学生",
    "学徒",
    "实习生",
    "导师",
    "指导老师",
    "带教师傅",
    "姓名",
    "签字",
    "签名",
    "经办人",
    "申请人",
    "员工",
    "职工",
    "操作工",
    "质检员",
    "徒弟",
)
CUES_ZH_PATTERN = "|".join(sorted(CUES_ZH, key=len, reverse=True))

UNITS_ZH = (
    "转/分",
    "转每分",
    "毫米",
    "厘米",
    "微米",
    "公斤",
    "千克",
    "公里",
    "兆帕",
    "千帕",
    "摄氏度",
    "度",
    "小时",
    "分钟",
    "秒",
    "件",
    "台",
    "吨",
    "米",
    "克",
    "伏",
    "安",
    "瓦",
    "千瓦",
    "个",
    "套",
    "批",
    "毫欧",
    "欧",
)

# Characters that often follow a name directly: 老李说, 小王和.
AFTER_NAME_ZH = "说是在和跟与的也都就把被对还又去来让给要会已"

_PINYIN_SYLLABLE = (
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|uai|uan|ian|iao|ai|ei|ao|ou|an|en|in|un|ia|ie|ua|uo|ui"
    r"|iu|ve|er|a|o|e|i|u|v)"
)
_PINYIN_WORD = re.compile(rf"(?:{_PINYIN_SYLLABLE}){{1,3}}", re.IGNORECASE)


def is_pinyin(word: str) -> bool:
    """Whether ``word`` reads as one to three pinyin syllables (Wei, Xiaoming, Jianguo)."""
    return _PINYIN_WORD.fullmatch(word) is not None


def _words(*lines: str) -> frozenset[str]:
    return frozenset(" ".join(lines).split())


# Pinyin surnames, written as a capitalised word in English text.
PINYIN_SURNAMES = _words(
    "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo Zheng",
    "Liang Xie Song Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Yuan Pan Jiang Cai Yu Du",
    "Ye Cheng Wei Su Lyu Ding Ren Shen Yao Lu Cui Zhong Tan Qin Fan Jin Shi Liao Jia Xia Fu",
    "Fang Bai Zou Meng Xiong Qiu Yin Xue Yan Duan Lei Hou Long Tao Mao Hao Gong Shao Qian",
    "Kong Kang Niu Ge Xing Qiao Pang Ni Zhuang Nie Zhan Ou Ouyang Guan Lan Jiao Zuo Liu Gan",
    "Ning Shu Ruan Ke Mei Tong Ling Bi Shan Ji Pei Huo Tu Cheng Miao Gu Sheng Qu Weng Ran Luo",
    "Lan Xin Mu Bao Hua Yu Qi Pu Teng Qu Rao Ai You",
)
# Capitalised words that are pinyin surnames in form but mean something else in English text.
NOT_NAMES_EN = _words(
    "The A An In On At For To Of And Or But With From By Line Unit Lot Ward Long Fan Tan Gong",
    "Shan Ding Bay Rd Road Street Zone Room Shop Lab Level Week Day May June",
)

# Common English given names: a capitalised pair whose first word is one of these is a name.
GIVEN_NAMES_EN = _words(
    "James John Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel",
    "Matthew Anthony Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy",
    "Ronald Edward Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin",
    "Scott Brandon Benjamin Samuel Gregory Alexander Frank Patrick Raymond Jack Dennis Jerry",
    "Tyler Aaron Jose Adam Nathan Henry Douglas Zachary Peter Kyle Noah Ethan Jeremy Walter",
    "Christian Keith Roger Terry Austin Sean Gerald Carl Harold Dylan Arthur Lawrence Jordan",
    "Jesse Bryan Billy Bruce Gabriel Joe Logan Alan Juan Albert Willie Elijah Wayne Randy",
    "Vincent Mason Roy Ralph Bobby Russell Bradley Philip Eugene Oliver Harry Tom Tim Sam Ben",
    "Max Leo Lucas Liam Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah",
    "Karen Lisa Nancy Betty Sandra Margaret Ashley Kimberly Emily Donna Michelle Carol Amanda",
    "Melissa Deborah Stephanie Dorothy Rebecca Sharon Laura Cynthia Amy Kathleen Angela",
    "Shirley Brenda Emma Anna Pamela Nicole Samantha Katherine Christine Helen Debra Rachel",
    "Carolyn Janet Maria Catherine Heather Diane Olivia Julie Joyce Victoria Ruth Virginia",
    "Lauren Kelly Christina Joan Evelyn Judith Andrea Hannah Megan Cheryl Jacqueline Martha",
    "Madison Teresa Gloria Sara Janice Ann Kathryn Abigail Sophia Frances Jean Alice Judy",
    "Isabella Julia Grace Amber Denise Danielle Marilyn Beverly Charlotte Natalie Theresa",
    "Diana Brittany Doris Kayla Alexis Lori Marie Sophie Chloe Lucy Ella Mia Zoe Ruby Ellie",
    "Amelia Hans Klaus Jurgen Stefan Anja Katrin Priya Raj Ahmed Fatima Omar Yuki Hiroshi",
    "Kenji Min Jun Tony Kate Jane Anne Rose Lily Ivy Iris",
)
