from django.db import migrations

# The practice patterns of the seeds, as data the coordinator picks from.
PATTERNS = [
    ("concentrated-block", "Concentrated block (2+1, 2.5+0.5, slack period)", "集中实习（2+1、2.5+0.5、淡季集中）", 40, 0, 0, True),
    ("five-plus-one-months", "Blocks of four weeks with school between (5+1 months)", "四周一段、间隔在校（5+1 月）", 40, 4, 16, False),
    ("four-plus-one-days", "One day a week at the enterprise (4+1 days)", "每周一天在企业（4+1 天）", 8, 0, 0, False),
    ("distributed-weeks", "Distributed whole weeks", "分散整周实习", 40, 0, 0, False),
]


def create_patterns(apps, schema_editor):
    PracticePattern = apps.get_model("scheduling", "PracticePattern")
    for code, name, name_zh, hours, block, gap, single in PATTERNS:
        PracticePattern.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_zh": name_zh,
                "hours_per_week": hours,
                "block_weeks": block,
                "min_gap": gap,
                "single_block": single,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0001_initial")]
    operations = [migrations.RunPython(create_patterns, migrations.RunPython.noop)]
