"""Names and shapes the demo-region generator draws from: fictional places, real-sounding trades."""

REGIONS = [
    ("haibin", "Haibin", "海滨"),
    ("qingshan", "Qingshan", "青山"),
    ("jinhe", "Jinhe", "金河"),
    ("yunling", "Yunling", "云岭"),
    ("dongpu", "Dongpu", "东浦"),
    ("nanxi", "Nanxi", "南溪"),
]

COLLEGE_KINDS = [
    ("Vocational and Technical College", "职业技术学院"),
    ("Polytechnic", "理工职业学院"),
    ("Industrial Vocational College", "工业职业技术学院"),
    ("Technician College", "技师学院"),
    ("Vocational College of Commerce", "商贸职业学院"),
]

CITY_PREFIXES = [
    ("Jinghai", "京海"),
    ("Huarui", "华瑞"),
    ("Zhongtian", "中天"),
    ("Hengxin", "恒信"),
    ("Boyuan", "博远"),
    ("Tianyi", "天翼"),
    ("Xinhe", "鑫禾"),
    ("Ruida", "瑞达"),
    ("Changsheng", "长晟"),
    ("Lianchuang", "联创"),
    ("Kaiyuan", "凯源"),
    ("Mingde", "明德"),
]

# industry: (label, Chinese label, enterprise words, programmes, modules per programme)
INDUSTRIES = {
    "manufacturing": {
        "name": ("Advanced manufacturing", "先进制造"),
        "enterprise_words": [
            ("Precision Machinery Co.", "精密机械有限公司"),
            ("Intelligent Equipment Co.", "智能装备有限公司"),
            ("Robotics Technology Co.", "机器人科技有限公司"),
        ],
        "programmes": [
            (
                "intelligent-manufacturing",
                "Intelligent manufacturing technology",
                "智能制造装备技术",
            ),
            ("industrial-robotics", "Industrial robotics technology", "工业机器人技术"),
        ],
        "modules": [
            ("mechanical-drawing", "Mechanical drawing and CAD", "机械制图与CAD", False),
            ("cnc-programming", "CNC programming and operation", "数控编程与操作", False),
            ("plc-control", "PLC control technology", "PLC控制技术", False),
            (
                "robot-workstation",
                "Industrial robot workstation practice",
                "工业机器人工作站实训",
                True,
            ),
            ("quality-control", "Quality control and measurement", "质量控制与检测", False),
            ("production-internship", "Production internship", "生产性顶岗实习", True),
        ],
    },
    "nev": {
        "name": ("New energy vehicles", "新能源汽车"),
        "enterprise_words": [
            ("New Energy Automotive Co.", "新能源汽车有限公司"),
            ("Battery Technology Co.", "电池科技有限公司"),
        ],
        "programmes": [
            ("nev-technology", "New energy vehicle technology", "新能源汽车技术"),
        ],
        "modules": [
            ("ev-electrics", "Vehicle electrics and electronics", "汽车电工电子", False),
            ("battery-systems", "Traction battery systems", "动力电池系统", False),
            ("hv-safety", "High-voltage safety practice", "高压安全实训", True),
            ("ev-diagnostics", "Electric vehicle fault diagnosis", "电动汽车故障诊断", True),
            ("charging-systems", "Charging systems", "充电系统", False),
        ],
    },
    "ict": {
        "name": ("Information technology", "信息技术"),
        "enterprise_words": [
            ("Software Co.", "软件有限公司"),
            ("Cloud Data Co.", "云数据有限公司"),
            ("Network Technology Co.", "网络科技有限公司"),
        ],
        "programmes": [
            ("software-technology", "Software technology", "软件技术"),
            ("big-data", "Big data technology", "大数据技术"),
        ],
        "modules": [
            ("python-basics", "Python programming", "Python程序设计", False),
            ("web-frontend", "Web front-end development", "Web前端开发", False),
            ("databases", "Database application", "数据库应用", False),
            ("cloud-ops", "Cloud platform operations", "云平台运维", True),
            ("data-analytics", "Data analysis and visualisation", "数据分析与可视化", False),
            ("enterprise-project", "Enterprise project practice", "企业项目实战", True),
        ],
    },
    "care": {
        "name": ("Health and elderly care", "健康养老"),
        "enterprise_words": [
            ("Elderly Care Services Co.", "养老服务有限公司"),
            ("Rehabilitation Centre", "康复中心"),
        ],
        "programmes": [
            ("elderly-care", "Smart elderly care services", "智慧健康养老服务与管理"),
        ],
        "modules": [
            ("care-basics", "Fundamentals of elderly care", "老年照护基础", False),
            ("first-aid", "First aid", "急救技术", False),
            ("rehab-practice", "Rehabilitation practice", "康复训练实务", True),
            ("care-internship", "Care home placement", "养老机构实习", True),
        ],
    },
    "logistics": {
        "name": ("Logistics and e-commerce", "物流与电商"),
        "enterprise_words": [
            ("Supply Chain Co.", "供应链管理有限公司"),
            ("E-commerce Co.", "电子商务有限公司"),
        ],
        "programmes": [
            ("modern-logistics", "Modern logistics management", "现代物流管理"),
            ("cross-border-ecommerce", "Cross-border e-commerce", "跨境电子商务"),
        ],
        "modules": [
            ("warehousing", "Warehousing and distribution", "仓储与配送", False),
            ("supply-chain", "Supply chain management", "供应链管理", False),
            ("store-operations", "Online store operations", "网店运营", True),
            ("live-commerce", "Live-stream commerce", "直播电商", True),
            ("customer-service", "Customer service", "客户服务", False),
        ],
    },
}

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董"
GIVEN = "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉萍红建文辉力宇浩然欣怡子涵博"

ZONE_TEMPLATES = [
    # (kind, confidentiality level, English name, Chinese name)
    ("cooperation", 0, "Training workshop", "实训车间"),
    ("observation", 1, "Teaching observation area", "教学观摩区"),
    ("restricted", 2, "Production line", "生产线"),
    ("restricted", 3, "R&D laboratory", "研发实验室"),
]

# The persona learner's first days on the line: (what I did, what I learned).
DIARY_DAYS = [
    ("Safety induction and a walk along the line", "Where the emergency stops are and who to call"),
    ("Shadowed the line lead at station 4", "How the takt board shows where the line is behind"),
    ("Sorted fasteners and kept the kanban bins full", "Why a missing bin stops a whole station"),
    ("Torqued covers under supervision", "The star pattern keeps a cover from warping"),
    ("Recorded first-pass yield for my shift", "Small defects add up across a shift"),
    (
        "Ran station 4 for an hour with the lead watching",
        "Checking my own work before passing it on",
    ),
    ("Helped change over the line to the new model", "A changeover checklist saves an hour"),
    ("Found a cross-threaded bolt and stopped the line", "Stopping early is cheaper than rework"),
    ("Wrote a one-point lesson for my station", "Explaining a step shows what I still don't know"),
    (
        "Calibrated torque wrenches with the quality team",
        "Tools drift, so they are checked every week",
    ),
]

# Criteria of the demo rubric: (title, weight, one descriptor per default level).
RUBRIC_CRITERIA = [
    ("Works safely", 2, ["Unsafe", "Needs reminders", "Safe", "Safe unprompted", "Coaches others"]),
    (
        "Quality of work",
        2,
        [
            "Frequent rework",
            "Some rework",
            "Right first time",
            "Finds causes",
            "Improves the process",
        ],
    ),
    (
        "Uses tools and equipment",
        1,
        ["Unfamiliar", "With help", "Independently", "Efficiently", "Maintains and calibrates"],
    ),
    (
        "Teamwork and communication",
        1,
        ["Isolated", "Responds", "Contributes", "Leads tasks", "Leads the team"],
    ),
]
