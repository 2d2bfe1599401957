"""The demo region's demand and supply: job adverts, demand statements and project briefs that
enterprises posted over the last eighteen months, the learning outcomes their colleges teach,
and graduate plans. Adverts say things the way employers do, not in taxonomy labels, so the
mapping engine has real work to do; some skills are asked for more and more and taught late or
not at all, so the gap report has gaps to show."""

from datetime import date, timedelta

# How employers ask for each default-taxonomy skill.
PHRASES = {
    "cnc-machining": ["set up and run CNC lathes and milling machines", "CNC machining"],
    "cad-drafting": ["read and produce engineering drawings in AutoCAD", "CAD drafting"],
    "industrial-robot-programming": [
        "teach and program industrial robot arms",
        "robot programming",
    ],
    "plc-programming": ["PLC programming for production lines", "write ladder logic for PLCs"],
    "quality-inspection": ["measure parts with callipers and CMM to check quality"],
    "lean-production": ["drive lean production and 5S on the shop floor"],
    "equipment-maintenance": ["carry out preventive maintenance of production equipment"],
    "additive-manufacturing": ["run metal 3D printing equipment", "additive manufacturing"],
    "battery-diagnostics": ["diagnose faults in traction battery packs"],
    "high-voltage-safety": ["work safely on high-voltage systems with the right PPE"],
    "motor-control": ["repair electric drive motors and motor controllers"],
    "vehicle-diagnostics": ["read fault codes with on-board diagnostic tools"],
    "charging-infrastructure": ["install and maintain EV charging stations"],
    "vehicle-assembly": ["assemble vehicle components on the line"],
    "python-programming": ["write clean Python code", "Python scripting"],
    "web-development": ["build web applications with modern front-end frameworks"],
    "database-management": ["design and tune SQL databases"],
    "network-administration": ["administer LAN and WAN networks"],
    "cloud-operations": ["operate Kubernetes clusters on the cloud", "cloud operations"],
    "data-analysis": ["analyse data and present findings in dashboards"],
    "cybersecurity": ["protect our systems against security threats", "security hardening"],
    "iot-integration": ["connect industrial IoT sensors to the plant network"],
    "elderly-care": ["provide daily personal care to older residents"],
    "rehabilitation-support": ["guide residents through rehabilitation exercises"],
    "first-aid": ["give first aid in emergencies"],
    "nutrition-planning": ["plan meals for residents with special diets"],
    "care-records": ["keep accurate care records"],
    "warehouse-management": ["run warehouse operations and stock control"],
    "supply-chain-planning": ["plan supply chain flows with suppliers"],
    "cross-border-ecommerce": ["run our cross-border e-commerce stores on Amazon"],
    "live-commerce": ["host live-stream sales sessions", "live-stream selling"],
    "customer-service": ["answer customer enquiries by phone and chat"],
    "teamwork": ["be a team player", "work well in a team"],
    "workplace-safety": ["follow health and safety rules"],
    "technical-english": ["read technical manuals in English"],
    "problem-solving": ["solve problems on the shop floor"],
    "digital-literacy": ["use digital tools confidently"],
}
# Skills employers ask for more and more over the period (the trend lines rise).
RISING = {
    "additive-manufacturing",
    "iot-integration",
    "live-commerce",
    "cybersecurity",
    "charging-infrastructure",
    "cloud-operations",
}
# What each module teaches (module code → skill codes); some demanded skills are taught by none.
MODULE_SKILLS = {
    "mechanical-drawing": ["cad-drafting", "technical-english"],
    "cnc-programming": ["cnc-machining"],
    "plc-control": ["plc-programming"],
    "robot-workstation": ["industrial-robot-programming", "teamwork"],
    "quality-control": ["quality-inspection", "lean-production"],
    "production-internship": ["equipment-maintenance", "workplace-safety"],
    "ev-electrics": ["motor-control"],
    "battery-systems": ["battery-diagnostics"],
    "hv-safety": ["high-voltage-safety", "workplace-safety"],
    "ev-diagnostics": ["vehicle-diagnostics", "problem-solving"],
    "charging-systems": ["charging-infrastructure"],
    "python-basics": ["python-programming"],
    "web-frontend": ["web-development"],
    "databases": ["database-management"],
    "cloud-ops": ["cloud-operations", "network-administration"],
    "data-analytics": ["data-analysis"],
    "enterprise-project": ["teamwork", "problem-solving"],
    "care-basics": ["elderly-care", "care-records"],
    "first-aid": ["first-aid"],
    "rehab-practice": ["rehabilitation-support", "nutrition-planning"],
    "care-internship": ["teamwork"],
    "warehousing": ["warehouse-management"],
    "supply-chain": ["supply-chain-planning"],
    "store-operations": ["cross-border-ecommerce", "digital-literacy"],
    "live-commerce": ["live-commerce"],
    "customer-service": ["customer-service"],
}
# Outcomes of these skills were added to modules only recently (the lag timeline shows them).
LATE = {"charging-infrastructure", "cloud-operations", "live-commerce"}
OCCUPATIONS = {
    "manufacturing": ["cnc-operator", "robot-technician", "quality-technician"],
    "nev": ["ev-technician", "ev-assembler"],
    "ict": ["software-developer", "network-technician", "data-analyst", "iot-installer"],
    "care": ["elderly-carer"],
    "logistics": ["warehouse-supervisor", "ecommerce-operator"],
}
SENIORITY = [
    ("junior", 2, "Basic knowledge is enough; we train you."),
    ("", 3, "Solid hands-on experience of 2+ years."),
    ("senior", 4, "Advanced skills and 5+ years of experience."),
]
LEVELS = [
    (4, "A secondary vocational certificate is welcome."),
    (5, "An associate degree from a higher vocational college is required."),
    (6, "A bachelor's degree is preferred."),
]


def _advert_text(rng, occupation, phrases, seniority, level):
    word, _proficiency, experience = seniority
    _level, schooling = level
    first, *others = phrases
    role = f"{word} {occupation.label}".strip()
    article = "an" if role[0].lower() in "aeiou" else "a"
    text = f"We are hiring {article} {role}. You will {first}"
    if others:
        text += " and " + " and ".join(others[:2])
    text += f". {experience} {schooling}"
    if rng.random() < 0.6:
        soft = rng.choice(
            [
                "be a team player",
                "follow health and safety rules",
                "read technical manuals in English",
            ]
        )
        text += f" You should {soft}."
    return text


def _chinese_text(occupation, skills):
    wanted = "、".join(skill.label_zh for skill in skills)
    return f"招聘{occupation.label_zh}：要求能{wanted}，大专学历，熟悉相关设备。"


def build_demand(rng, today, enterprises, skills_by_code, industry_skills, occupations) -> list:
    """Adverts, statements and briefs for every enterprise, spread over eighteen months."""
    start = today - timedelta(days=540)
    demands = []
    for enterprise in enterprises:
        codes = [s.code for s in industry_skills[enterprise.industry]]
        for n in range(rng.randint(4, 8)):
            # later adverts ask for the rising skills more often
            day = start + timedelta(days=int(540 * rng.random() ** 0.7))
            late = (day - start).days / 540
            pool = [c for c in codes if c not in RISING or rng.random() < late]
            chosen = rng.sample(pool, k=min(len(pool), rng.randint(2, 3)))
            occupation = occupations[rng.choice(OCCUPATIONS[enterprise.industry])]
            seniority = rng.choice(SENIORITY)
            level = rng.choice(LEVELS)
            if n % 5 == 4:
                skills = [skills_by_code[c] for c in chosen]
                title, text = occupation.label_zh, _chinese_text(occupation, skills)
            else:
                title = occupation.label
                text = _advert_text(
                    rng, occupation, [rng.choice(PHRASES[c]) for c in chosen], seniority, level
                )
            demands.append(
                {
                    "enterprise": enterprise,
                    "kind": "advert" if n % 4 else "statement",
                    "title": title,
                    "text": text,
                    "occupation": occupation,
                    "headcount": rng.choice((1, 1, 2, 3, 5, 8)),
                    "qualification_level": level[0],
                    "proficiency": seniority[1],
                    "location": enterprise.city,
                    "posted_on": day,
                    "needed_by": day + timedelta(days=rng.choice((30, 60, 90))),
                    "reference": f"demo-{n + 1}",
                }
            )
        if rng.random() < 0.3:
            demands.append(
                {
                    "enterprise": enterprise,
                    "kind": "brief",
                    "title": "Process improvement project",
                    "text": "Students join our engineers to "
                    + " and ".join(rng.choice(PHRASES[c]) for c in rng.sample(codes, k=2))
                    + " for one semester.",
                    "headcount": rng.choice((4, 6)),
                    "posted_on": today - timedelta(days=rng.randint(10, 200)),
                    "reference": "demo-brief",
                }
            )
    return demands


def build_supply(rng, today, modules, programmes, skills_by_code, occupations):
    """Learning outcomes for every module and graduate plans for every programme (given as
    (programme, industry) pairs)."""
    outcomes = []
    for module in modules:
        for code in MODULE_SKILLS.get(module.code, []):
            skill = skills_by_code[code]
            since = (
                today - timedelta(days=rng.randint(30, 120))
                if code in LATE
                else date(today.year - 3, 9, 1)
            )
            outcomes.append(
                {
                    "module": module,
                    "text": f"Learners can {skill.label} to the standard of the workplace.",
                    "proficiency": rng.choice((2, 3, 3, 4)),
                    "since": since,
                }
            )
    plans = [
        {
            "programme": programme,
            "year": year,
            "graduates": rng.randint(25, 60),
            "occupation": occupations[rng.choice(OCCUPATIONS[industry])],
        }
        for programme, industry in programmes
        for year in (today.year - 1, today.year, today.year + 1)
    ]
    return outcomes, plans
