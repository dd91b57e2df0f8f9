"""Demo sessions: CoSP 10 (Atlanta, 11–15 December 2023, seed 002) and the IRG 13 second resumed
session (Vienna, 7–11 November 2022, seed 000 §II), with their agendas, organization of work,
documents, participants, credentials, bureau history and lists of speakers. Idempotent: a session
that exists is left alone.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from django.db import transaction

from irm.accounts.models import Membership, Role, User
from irm.core.exceptions import DomainError
from irm.meetings import services
from irm.meetings.models import (
    Body,
    Delegation,
    DocumentKind,
    Issuer,
    Office,
    ParticipationKind,
    Rank,
    Session,
    SlotPart,
)
from irm.parties.models import RegionalGroup, State
from irm.parties.names import NameResolver, UnknownStateName

NEW_YORK = ZoneInfo("America/New_York")
VIENNA = ZoneInfo("Europe/Vienna")

#: The second delegate of the demo (swap scenario with Brazil).
SECOND_DELEGATE = ("delegate-mex", "delegate-demo", "MEX", "Marta Delegada", "delegate of Mexico")

#: S000 ¶7: States parties represented at the IRG 13 second resumed session (names as in the report).
IRG13_PARTIES = "阿尔巴尼亚、阿尔及利亚、安哥拉、阿根廷、亚美尼亚、澳大利亚、奥地利、阿塞拜疆、巴林、白俄罗斯、比利时、多民族玻利维亚国、波斯尼亚和黑塞哥维那、巴西、文莱达鲁萨兰国、保加利亚、布基纳法索、布隆迪、柬埔寨、加拿大、智利、中国、哥伦比亚、刚果、科特迪瓦、克罗地亚、古巴、塞浦路斯、捷克、刚果民主共和国、丹麦、多米尼加共和国、厄瓜多尔、埃及、萨尔瓦多、斯威士兰、芬兰、法国、格鲁吉亚、德国、加纳、希腊、危地马拉、洪都拉斯、匈牙利、印度、印度尼西亚、伊朗伊斯兰共和国、伊拉克、爱尔兰、以色列、意大利、牙买加、日本、约旦、哈萨克斯坦、肯尼亚、科威特、吉尔吉斯斯坦、拉脱维亚、黎巴嫩、利比亚、立陶宛、马达加斯加、马拉维、马来西亚、马里、马耳他、墨西哥、黑山、摩洛哥、纳米比亚、尼泊尔、新西兰、尼加拉瓜、尼日尔、尼日利亚、北马其顿、挪威、阿曼、巴基斯坦、巴拿马、巴拉圭、秘鲁、菲律宾、波兰、葡萄牙、卡塔尔、大韩民国、摩尔多瓦共和国、罗马尼亚、俄罗斯联邦、沙特阿拉伯、塞内加尔、塞尔维亚、新加坡、斯洛伐克、斯洛文尼亚、南非、南苏丹、西班牙、斯里兰卡、巴勒斯坦国、苏丹、瑞典、瑞士、泰国、多哥、特立尼达和多巴哥、突尼斯、土耳其、乌克兰、阿拉伯联合酋长国、大不列颠及北爱尔兰联合王国、坦桑尼亚联合共和国、美利坚合众国、乌拉圭、乌兹别克斯坦、委内瑞拉玻利瓦尔共和国、越南、也门、赞比亚、津巴布韦"

#: S002 §1(a)-(b): earlier sessions of the Conference and the host whose representative presided.
PAST_COSP = [
    (1, "Amman", "JOR", date(2006, 12, 10), date(2006, 12, 14)),
    (2, "Nusa Dua", "IDN", date(2008, 1, 28), date(2008, 2, 1)),
    (3, "Doha", "QAT", date(2009, 11, 9), date(2009, 11, 13)),
    (4, "Marrakech", "MAR", date(2011, 10, 24), date(2011, 10, 28)),
    (5, "Panama City", "PAN", date(2013, 11, 25), date(2013, 11, 29)),
    (6, "Saint Petersburg", "RUS", date(2015, 11, 2), date(2015, 11, 6)),
    (7, "Vienna", "", date(2017, 11, 6), date(2017, 11, 10)),
    (8, "Abu Dhabi", "ARE", date(2019, 12, 16), date(2019, 12, 20)),
    (9, "Sharm el-Sheikh", "EGY", date(2021, 12, 13), date(2021, 12, 17)),
]

ORDINALS = {
    1: "First",
    2: "Second",
    3: "Third",
    4: "Fourth",
    5: "Fifth",
    6: "Sixth",
    7: "Seventh",
    8: "Eighth",
    9: "Ninth",
    10: "Tenth",
}
ORDINALS_ZH = {n: f"第{'一二三四五六七八九十'[n - 1]}届会议" for n in range(1, 11)}

#: S002: the provisional agenda of CoSP 10 (number, letter, English, Chinese, annotation in English).
COSP10_AGENDA: list[tuple[int, str, str, str, str]] = [
    (1, "", "Organizational matters", "组织事项", ""),
    (
        1,
        "a",
        "Opening of the tenth session of the Conference",
        "缔约国会议第十届会议开幕",
        "By decision 9/2 the tenth session is held in Atlanta, United States of America, from 11 to 15 December 2023.",
    ),
    (
        1,
        "b",
        "Election of officers",
        "选举主席团成员",
        "Rule 22: a President, three Vice-Presidents and a Rapporteur are elected at the opening; each of the five "
        "regional groups is represented by one member; the offices of President and Rapporteur rotate among the "
        "groups. Under the practice for sessions held away from headquarters, the host country's representative "
        "usually presides (Jordan, Indonesia, Qatar, Morocco, Panama, the Russian Federation, the United Arab "
        "Emirates and Egypt at sessions 1–6, 8 and 9). Following that practice, the representative of the United "
        "States would be elected President and the Group of African States would nominate the Rapporteur; "
        "following rule 22, the Group of Asia-Pacific States would nominate the President and the Group of "
        "African States the Rapporteur.",
    ),
    (
        1,
        "c",
        "Adoption of the agenda and organization of work",
        "通过议程和工作安排",
        "The provisional agenda was approved at the ninth session (CAC/COSP/2021/L.2). Draft resolutions are "
        "strongly encouraged no later than one month before the session, i.e. by 13 November 2023 (decision 9/1). "
        "Resources allow parallel meetings; 20 meetings with interpretation in the six official languages.",
    ),
    (
        1,
        "d",
        "Participation of observers",
        "观察员与会",
        "Rules 14–17: signatories on written notification; other States apply to the Bureau; UN entities and "
        "IGOs on written notification; NGOs in consultative status with ECOSOC apply to the Bureau; other "
        "relevant NGOs are listed and circulated at least thirty days before the session and admitted unless "
        "there is an objection, in which case the Conference decides.",
    ),
    (
        1,
        "e",
        "Adoption of the report of the Bureau on credentials",
        "通过主席团关于全权证书的报告",
        "Rule 18: credentials and the list of members of delegations reach the secretariat if possible no later "
        "than 24 hours before the opening; rule 19: the Bureau examines them and reports; "
        "rule 20: pending a decision, representatives participate provisionally.",
    ),
    (
        1,
        "f",
        "General discussion",
        "一般性讨论",
        "The list of speakers opens on 13 November 2023 and closes at noon on Monday 11 December 2023; requests "
        "received before 13 November must be resubmitted. Ministers or higher first, then first come, first "
        "served; a ministerial speaker replaced by a non-ministerial one is placed according to the time of the "
        "change notice; delegations at the same level may swap by written notice. Pre-recorded video statements "
        "by 4 December 2023, as links (never attachments). 4 minutes (400 words); 7 minutes for chairs of "
        "regional groups. Longer statements are posted on the website unless the delegation objects. The item "
        "closes on the evening of 12 December; remaining speakers are invited to speak under other items.",
    ),
    (
        2,
        "",
        "Review of implementation of the United Nations Convention against Corruption",
        "审议《联合国反腐败公约》实施情况",
        "",
    ),
    (3, "", "Technical assistance", "技术援助", ""),
    (4, "", "Prevention", "预防", ""),
    (5, "", "Asset recovery", "资产追回", ""),
    (6, "", "International cooperation", "国际合作", ""),
    (
        7,
        "",
        "Follow-up to the special session of the General Assembly against corruption",
        "关于预防和打击腐败及加强国际合作的挑战和措施的大会特别会议的后续行动",
        "",
    ),
    (8, "", "Other matters", "其他事项", ""),
    (
        8,
        "a",
        "Implementation of article 63, paragraph 4 (c) and (d), of the Convention",
        "《公约》第六十三条第四款第(三)和(四)项的实施",
        "",
    ),
    (
        8,
        "b",
        "Status of ratification of the Convention and notification requirements",
        "《公约》的批准情况和通知要求",
        "",
    ),
    (8, "c", "Any other matters", "其他事项", ""),
    (9, "", "Provisional agenda for the eleventh session", "第十一届会议临时议程", ""),
    (10, "", "Adoption of the report", "通过报告", ""),
]

#: S002 annex: proposed organization of work (date, part, items).
COSP10_WORK = [
    (date(2023, 12, 11), SlotPart.MORNING, ["1 (a)", "1 (b)", "1 (c)", "1 (d)", "1 (e)", "1 (f)"]),
    (date(2023, 12, 11), SlotPart.AFTERNOON, ["1 (f)"]),
    (date(2023, 12, 12), SlotPart.MORNING, ["1 (f)"]),
    (date(2023, 12, 12), SlotPart.AFTERNOON, ["1 (f)"]),
    (date(2023, 12, 13), SlotPart.MORNING, ["2", "3"]),
    (date(2023, 12, 13), SlotPart.AFTERNOON, ["4"]),
    (date(2023, 12, 14), SlotPart.MORNING, ["5", "6"]),
    (date(2023, 12, 14), SlotPart.AFTERNOON, ["7"]),
    (date(2023, 12, 15), SlotPart.MORNING, ["8"]),
    (date(2023, 12, 15), SlotPart.AFTERNOON, ["9", "10"]),
]

#: S002 "Documents": symbol, kind, agenda item, English title, Chinese title.
COSP10_DOCUMENTS = [
    ("CAC/COSP/2023/1", DocumentKind.AGENDA, "1 (c)", "Annotated provisional agenda", "临时议程说明"),
    (
        "CAC/COSP/2023/2",
        DocumentKind.NOTE,
        "2",
        "Activities of the Implementation Review Group",
        "秘书处关于实施情况审议组活动的说明",
    ),
    (
        "CAC/COSP/2023/3",
        DocumentKind.NOTE,
        "2",
        "Performance of the Implementation Review Mechanism, steps to complete the first phase and considerations on the next phase",
        "实施情况审议机制的执行情况、完成第一阶段所需措施及关于下一阶段的考虑",
    ),
    (
        "CAC/COSP/2023/4",
        DocumentKind.REPORT,
        "2",
        "Thematic report on the implementation of chapter II (Preventive measures)",
        "第二章（预防措施）实施情况专题报告",
    ),
    (
        "CAC/COSP/2023/5",
        DocumentKind.REPORT,
        "2",
        "Thematic report on the implementation of chapter V (Asset recovery)",
        "第五章（资产的追回）实施情况专题报告",
    ),
    (
        "CAC/COSP/2023/6",
        DocumentKind.REPORT,
        "2",
        "Thematic report on the implementation of cross-cutting articles of chapters II and V",
        "第二章和第五章中跨领域性质的条款实施情况专题报告",
    ),
    (
        "CAC/COSP/2023/7",
        DocumentKind.REPORT,
        "2",
        "Thematic report on chapters II and V: regional supplementary addendum",
        "第二章和第五章实施情况专题报告：区域补编",
    ),
    (
        "CAC/COSP/2023/8",
        DocumentKind.NOTE,
        "2",
        "Follow-up measures taken by States parties to implement chapters III and IV",
        "缔约国为实施第三章和第四章而采取的后续行动",
    ),
    (
        "CAC/COSP/2023/9",
        DocumentKind.NOTE,
        "2",
        "Resources and expenditures for the functioning of the Implementation Review Mechanism",
        "审议机制运作所用资源和开支",
    ),
    (
        "CAC/COSP/2023/10",
        DocumentKind.NOTE,
        "3",
        "Analysis of technical assistance needs identified in the country reviews and assistance provided by UNODC",
        "对国别审议所确定的技术援助需求的分析以及毒品和犯罪问题办公室提供的援助",
    ),
    (
        "CAC/COSP/2023/11",
        DocumentKind.NOTE,
        "4",
        "Activities of the Working Group on the Prevention of Corruption and work of UNODC on prevention",
        "预防腐败问题工作组的活动和毒品和犯罪问题办公室在预防腐败领域的工作",
    ),
    (
        "CAC/COSP/2023/12",
        DocumentKind.NOTE,
        "4",
        "Implementation of resolution 9/3 (Abu Dhabi Declaration; use of ICT)",
        "第 9/3 号决议的执行进展情况",
    ),
    (
        "CAC/COSP/2023/13",
        DocumentKind.REPORT,
        "4",
        "Implementation of resolution 9/6 (Marrakech Declaration on the Prevention of Corruption)",
        "第 9/6 号决议的执行进展情况",
    ),
    (
        "CAC/COSP/2023/14",
        DocumentKind.NOTE,
        "5",
        "Activities of the Working Group on Asset Recovery and work of UNODC on asset recovery",
        "资产追回问题工作组的活动以及毒品和犯罪问题办公室为促进资产追回而开展的工作",
    ),
    (
        "CAC/COSP/2023/15",
        DocumentKind.NOTE,
        "5",
        "Information on international asset return: challenges, good practices and lessons learned",
        "收集国际资产返还方面的信息",
    ),
    (
        "CAC/COSP/2023/16",
        DocumentKind.NOTE,
        "5",
        "Good practices and challenges in beneficial ownership transparency",
        "实益所有权透明度方面的良好做法和挑战",
    ),
    (
        "CAC/COSP/2023/17",
        DocumentKind.NOTE,
        "6",
        "Activities of the Expert Meeting on International Cooperation and work of UNODC",
        "增进国际合作专家会议的活动以及毒品和犯罪问题办公室的工作",
    ),
    (
        "CAC/COSP/2023/18",
        DocumentKind.NOTE,
        "6",
        "Links between corruption and other forms of crime, including in emergencies",
        "腐败与其他形式犯罪之间的联系",
    ),
    (
        "CAC/COSP/2023/19",
        DocumentKind.REPORT,
        "6",
        "Implementation of resolution 9/1 (Sharm el-Sheikh Declaration)",
        "第 9/1 号决议执行过程中取得的进展和遇到的挑战",
    ),
    (
        "CAC/COSP/2023/20",
        DocumentKind.REPORT,
        "7",
        "Activities of UNODC to assist in implementing the political declaration of the special session",
        "毒品和犯罪问题办公室为协助执行政治宣言而开展的活动",
    ),
    (
        "CAC/COSP/2023/CRP.1",
        DocumentKind.CRP,
        "8 (b)",
        "Status of ratification of the Convention as at 1 December 2023",
        "截至 2023 年 12 月 1 日《公约》批准状况",
    ),
    (
        "CAC/COSP/2023/CRP.2",
        DocumentKind.CRP,
        "8 (b)",
        "Authorities designated for prevention, mutual legal assistance and asset recovery",
        "为预防、司法协助和资产追回而指定的机关",
    ),
    (
        "CAC/COSP/2023/CRP.3",
        DocumentKind.CRP,
        "5",
        "Online links to company and beneficial ownership registers",
        "公司和实益所有权登记册的在线链接",
    ),
    (
        "CAC/COSP/2023/CRP.4",
        DocumentKind.CRP,
        "6",
        "Implementation of resolution 9/5 (international law enforcement cooperation)",
        "第 9/5 号决议的执行情况",
    ),
]

#: The IRG 13 agenda as taken up at the second resumed session (S000 §§ III–IX).
IRG13_AGENDA = [
    (1, "", "Organizational matters", "组织事项"),
    (1, "a", "Opening of the session", "会议开幕"),
    (1, "b", "Adoption of the agenda and organization of work", "通过议程和工作安排"),
    (
        2,
        "",
        "Performance of the Implementation Review Mechanism",
        "联合国反腐败公约实施情况审议机制的执行情况",
    ),
    (3, "", "Financial and budgetary matters", "财务和预算事项"),
    (4, "", "State of implementation of the Convention", "《联合国反腐败公约》实施情况"),
    (5, "", "Technical assistance", "技术援助"),
    (
        6,
        "",
        "Follow-up to the special session of the General Assembly against corruption",
        "关于预防和打击腐败及加强国际合作的挑战和措施的大会特别会议的后续行动",
    ),
    (7, "", "Other matters", "其他事项"),
    (8, "", "Adoption of the report", "通过报告"),
]

IRG13_DOCUMENTS = [
    (
        "CAC/COSP/IRG/2022/1/Add.2",
        DocumentKind.AGENDA,
        "1 (b)",
        "public",
        "Annotated provisional agenda (second resumed session)",
    ),
    (
        "CAC/COSP/IRG/2022/5",
        DocumentKind.NOTE,
        "3",
        "public",
        "Resources and expenditures for the functioning of the Mechanism",
    ),
    (
        "CAC/COSP/IRG/2022/7",
        DocumentKind.REPORT,
        "4",
        "public",
        "Thematic report on the implementation of chapter V",
    ),
    (
        "CAC/COSP/IRG/2022/8",
        DocumentKind.REPORT,
        "4",
        "public",
        "Thematic report on cross-cutting articles of chapters II and V",
    ),
    (
        "CAC/COSP/IRG/2022/9",
        DocumentKind.NOTE,
        "2",
        "public",
        "Considerations on the next phase of the Mechanism",
    ),
    (
        "CAC/COSP/IRG/2022/CRP.6",
        DocumentKind.CRP,
        "4",
        "public",
        "Good practices identified under chapter V and cross-cutting articles",
    ),
    (
        "CAC/COSP/IRG/2022/6/Add.2",
        DocumentKind.REPORT,
        "8",
        "public",
        "Report on the second resumed thirteenth session",
    ),
] + [
    (f"CAC/COSP/IRG/2022/L.1/Add.{n}", DocumentKind.REPORT, "8", "restricted", f"Draft report (part {n - 8})")
    for n in range(9, 14)
]

IRG13_UN_BODIES = [
    "Asia and Far East Institute for the Prevention of Crime and the Treatment of Offenders",
    "Basel Institute on Governance",
    "Department of Peace Operations",
    "Integrated Office of the Deputy Special Representative of the Secretary-General for Somalia",
    "United Nations Development Programme",
    "University for Peace",
    "World Bank",
    "World Food Programme",
]
IRG13_IGOS = [
    "Asian-African Legal Consultative Organization",
    "Central Asian Regional Information and Coordination Centre",
    "Commonwealth of Independent States",
    "Cooperation Council for the Arab States of the Gulf",
    "Council of Europe",
    "Eurojust",
    "Europol",
    "International Anti-Corruption Academy",
    "INTERPOL",
    "International Development Law Organization",
    "Interparliamentary Assembly of Member Nations of the CIS",
    "Inter-Parliamentary Union",
    "League of Arab States",
    "OECD",
    "Parliamentary Assembly of the Mediterranean",
    "Regional Anti-Corruption Initiative",
]


def _at(day: date, hour: int, minute: int = 0, tz: ZoneInfo = NEW_YORK) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=tz)


def _second_delegate() -> User | None:
    from irm.demo import DEMO_LOGINS

    username, password, iso3, full_name, description = SECOND_DELEGATE
    state = State.objects.filter(iso3=iso3).first()
    if state is None:
        return None
    first, last = full_name.split(" ", 1)
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"email": f"{username}@example.org", "first_name": first, "last_name": last},
    )
    if created:
        user.set_password(password)
        user.save()
    Membership.objects.get_or_create(user=user, role=Role.DELEGATE, state=state)
    if (username, password, description) not in DEMO_LOGINS:
        DEMO_LOGINS.append((username, password, description))
    return user


def _items(session: Session) -> dict[str, Any]:
    return {item.label: item for item in session.agenda_items.all()}


def _past_cosp(actor: Any, states: dict[str, State]) -> None:
    for number, city, iso3, start, end in PAST_COSP:
        if Session.objects.filter(body=Body.COSP, number=number).exists():
            continue
        host = states.get(iso3)
        session = services.create_session(
            actor=actor,
            body=Body.COSP,
            number=number,
            city=city,
            host_state=host,
            starts_on=start,
            ends_on=end,
            opens_at=_at(start, 10, tz=ZoneInfo("UTC")),
            timezone_name="UTC",
            title_en=f"{ORDINALS[number]} session of the Conference of the States Parties",
            title_zh=f"缔约国会议{ORDINALS_ZH[number]}",
            source="S002 §1(a)-(b)",
        )
        if host is not None:
            services.elect_officer(
                actor=actor,
                session=session,
                office=Office.PRESIDENT,
                state=host,
                elected_on=start,
                note="Representative of the host country (S002 §1(b))",
            )


def _cosp10(
    actor: Any, stdout: TextIO, states: dict[str, State], delegate_bra: User | None, delegate_mex: User | None
) -> None:
    session = services.create_session(
        actor=actor,
        body=Body.COSP,
        number=10,
        city="Atlanta",
        host_state=states["USA"],
        starts_on=date(2023, 12, 11),
        ends_on=date(2023, 12, 15),
        opens_at=_at(date(2023, 12, 11), 10),
        timezone_name="America/New_York",
        interpreted_meetings_limit=20,
        draft_resolution_deadline=date(2023, 11, 13),
        title_en="Tenth session of the Conference of the States Parties",
        title_zh="缔约国会议第十届会议",
        source="CAC/COSP/2023/1 (S002)",
    )
    for number, letter, en, zh, annotation in COSP10_AGENDA:
        services.add_agenda_item(
            actor=actor,
            session=session,
            number=number,
            letter=letter,
            title_en=en,
            title_zh=zh,
            annotation_en=annotation,
        )
    items = _items(session)
    for day, part, labels in COSP10_WORK:
        start, end = (time(10), time(13)) if part == SlotPart.MORNING else (time(15), time(18))
        services.add_work_slot(
            actor=actor,
            session=session,
            date=day,
            part=part,
            starts_at=start,
            ends_at=end,
            items=[items[label] for label in labels],
        )
    # Parallel informal consultations on draft resolutions, without interpretation.
    for day in [date(2023, 12, 12), date(2023, 12, 13), date(2023, 12, 14)]:
        services.add_work_slot(
            actor=actor,
            session=session,
            date=day,
            part=SlotPart.AFTERNOON,
            starts_at=time(15),
            ends_at=time(18),
            room="Informal consultations",
            interpreted=False,
            note="Informal consultations on draft resolutions",
        )
    for symbol, kind, label, en, zh in COSP10_DOCUMENTS:
        doc = services.register_document(
            actor=actor,
            session=session,
            symbol=symbol,
            title_en=en,
            title_zh=zh,
            kind=kind,
            agenda_item=items[label],
            issued_on=date(2023, 10, 16),
            access="public",
        )
        if symbol == "CAC/COSP/2023/10":
            services.link_document_output(
                actor=actor,
                document=doc,
                kind="ta_needs_analysis",
                identifier="cycle-2@2023-09-15",
                url="/analysis/",
                label="TA-needs analysis generated by the platform (as at 15 September 2023)",
            )
    _participants(actor, session, list(states.values()), notified=date(2023, 11, 1))
    _cosp10_observers(actor, session)
    _credentials(actor, session, seed=10)
    services.generate_credentials_report(actor=actor, session=session)
    _cosp10_speakers(actor, session, items, states, delegate_bra, delegate_mex)
    _cosp10_resolutions(actor, session, states, delegate_bra)
    stdout.write("  meetings: CoSP 10 (Atlanta) with agenda, organization of work, documents and speakers\n")


def _participants(actor: Any, session: Session, states: list[State], notified: date) -> None:
    for state in states:
        services.register_delegation(actor=actor, session=session, kind=ParticipationKind.PARTY, state=state)


def _cosp10_observers(actor: Any, session: Session) -> None:
    for name in ["United Nations Development Programme", "World Bank"]:
        services.register_delegation(
            actor=actor,
            session=session,
            kind=ParticipationKind.UN_BODY,
            name=name,
            notified_on=date(2023, 11, 20),
        )
    for name in ["Council of Europe", "OECD", "INTERPOL"]:
        services.register_delegation(
            actor=actor,
            session=session,
            kind=ParticipationKind.IGO,
            name=name,
            notified_on=date(2023, 11, 20),
        )
    services.register_delegation(
        actor=actor, session=session, kind=ParticipationKind.NON_SIGNATORY, name="Andorra"
    )
    ngo = services.register_delegation(
        actor=actor, session=session, kind=ParticipationKind.NGO_ECOSOC, name="Transparency NGO"
    )
    services.grant_observer_status(actor=actor, delegation=ngo, on=date(2023, 12, 11))
    for name in [
        "Civic Integrity Network (demo)",
        "Open Procurement Watch (demo)",
        "Citizens for Clean Courts (demo)",
    ]:
        services.register_delegation(
            actor=actor, session=session, kind=ParticipationKind.NGO_OTHER, name=name
        )
    services.circulate_ngo_list(actor=actor, session=session, on=date(2023, 11, 10))
    contested = Delegation.objects.get(session=session, name="Citizens for Clean Courts (demo)")
    objector = State.objects.filter(iso3="CHN").first()
    if objector:
        services.object_to_observer(
            actor=actor,
            delegation=contested,
            objecting_state=objector,
            reason="Demo objection: the Conference decides",
            at=_at(date(2023, 11, 25), 12),
        )
    services.settle_ngo_admissions(actor=actor, session=session, on=date(2023, 12, 11))


def _credentials(actor: Any, session: Session, *, seed: int) -> None:
    rng = random.Random(seed)
    due = session.credentials_due_at
    for delegation in Delegation.objects.filter(session=session, kind=ParticipationKind.PARTY).select_related(
        "state"
    ):
        roll = rng.random()
        if roll < 0.06:
            continue  # nothing received
        at = (
            due - timedelta(hours=rng.randint(1, 24 * 20))
            if roll < 0.92
            else due + timedelta(hours=rng.randint(1, 30))
        )
        is_eu = delegation.iso3 == "EUU"
        issuer = (
            Issuer.REIO_AUTHORITY
            if is_eu
            else rng.choice(
                [
                    Issuer.FOREIGN_MINISTER,
                    Issuer.FOREIGN_MINISTER,
                    Issuer.PERMANENT_REPRESENTATIVE,
                    Issuer.HEAD_OF_STATE,
                ]
            )
        )
        credential = services.submit_credentials(
            actor=actor, delegation=delegation, issuer=issuer, is_original=rng.random() > 0.1, at=at
        )
        if rng.random() < 0.9:
            services.examine_credentials(actor=actor, credential=credential, accept=rng.random() > 0.02)


RANK_WEIGHTS = [
    (Rank.HEAD_OF_STATE, 1),
    (Rank.HEAD_OF_GOVERNMENT, 2),
    (Rank.MINISTER, 30),
    (Rank.DEPUTY_MINISTER, 20),
    (Rank.AMBASSADOR, 35),
    (Rank.OFFICIAL, 12),
]
FUNCTIONS = {
    Rank.HEAD_OF_STATE: "President",
    Rank.HEAD_OF_GOVERNMENT: "Prime Minister",
    Rank.MINISTER: "Minister of Justice",
    Rank.DEPUTY_MINISTER: "Deputy Minister",
    Rank.AMBASSADOR: "Permanent Representative",
    Rank.OFFICIAL: "Director, Anti-Corruption Agency",
}


def _cosp10_speakers(
    actor: Any,
    session: Session,
    items: dict[str, Any],
    states: dict[str, State],
    bra: User | None,
    mex: User | None,
) -> None:
    lst = services.open_speakers_list(
        actor=actor,
        session=session,
        agenda_item=items["1 (f)"],
        opens_at=_at(date(2023, 11, 13), 0),
        closes_at=_at(date(2023, 12, 11), 12),
        item_closes_at=_at(date(2023, 12, 12), 18),
        video_deadline=_at(date(2023, 12, 4), 23, 59),
        offered_item=items["2"],
        # The list as it stood during the session: the scheduler must not close a past item of the demo.
        auto_close=False,
    )
    rng = random.Random(1013)
    delegations = {
        d.iso3: d
        for d in Delegation.objects.filter(session=session, kind=ParticipationKind.PARTY).select_related(
            "state"
        )
    }
    codes = sorted(code for code in delegations if code not in {"BRA", "MEX"})
    chosen = rng.sample(codes, min(96, len(codes)))
    chairs = {}
    for group in [
        RegionalGroup.AFRICA,
        RegionalGroup.ASIA_PACIFIC,
        RegionalGroup.EEG,
        RegionalGroup.GRULAC,
        RegionalGroup.WEOG,
    ]:
        member = next(
            (
                c
                for c in chosen
                if getattr(delegations[c].state, "regional_group", "") == group and c not in chairs
            ),
            None,
        )
        if member:
            chairs[member] = group
    start = _at(date(2023, 11, 13), 8)
    span = int((_at(date(2023, 12, 11), 11) - start).total_seconds())
    ranks, weights = zip(*RANK_WEIGHTS, strict=True)
    requests = []
    for code in chosen:
        rank = Rank.AMBASSADOR if code in chairs else rng.choices(ranks, weights)[0]
        requests.append((start + timedelta(seconds=rng.randint(0, span)), code, rank))
    # The demo delegates: Brazil and Mexico, both with ministers, Brazil first.
    requests.append((_at(date(2023, 11, 13), 9, 5), "BRA", Rank.MINISTER))
    requests.append((_at(date(2023, 11, 20), 16, 40), "MEX", Rank.MINISTER))
    entries = {}
    for at, code, rank in sorted(requests):
        entries[code] = services.request_to_speak(
            actor=actor,
            speakers_list=lst,
            delegation=delegations[code],
            received_at=at,
            rank=rank,
            speaker_name=f"H.E. {FUNCTIONS[rank]} of {delegations[code].name_en}",
            speaker_function=FUNCTIONS[rank],
            on_behalf_of_group=chairs.get(code, ""),
        )
    # Two ministers replaced by deputies: each moves to the time of the change notice.
    ministers = [c for c, e in entries.items() if e.rank == Rank.MINISTER and c not in {"BRA", "MEX"}]
    for code in ministers[:2]:
        entry = entries[code]
        services.change_speaker(
            actor=actor,
            entry=entry,
            rank=Rank.DEPUTY_MINISTER,
            speaker_name=f"Deputy Minister of {delegations[code].name_en}",
            speaker_function="Deputy Minister",
            notified_at=_at(date(2023, 12, 5), 11),
        )
    # Pre-recorded videos, as links, by 4 December.
    for code in rng.sample(sorted(entries), 10):
        services.submit_video_statement(
            actor=actor,
            entry=entries[code],
            url=f"https://share.example.org/cosp10/{code.lower()}?access=private",
            at=_at(date(2023, 12, 1), 15),
        )
    # A swap recorded by the secretariat from two e-mails, between two ambassadors.
    ambassadors = [e for e in entries.values() if e.rank == Rank.AMBASSADOR][:6]
    if len(ambassadors) >= 2:
        services.record_swap(
            actor=actor,
            first=ambassadors[-1],
            second=ambassadors[0],
            first_confirmation="E-mail to uncac@un.org",
            second_confirmation="E-mail to uncac@un.org",
        )
    # Mexico and Brazil swap with both delegations' written confirmations (the demo delegates).
    if bra is not None and mex is not None:
        swap = services.propose_swap(
            actor=mex,
            first=entries["MEX"],
            second=entries["BRA"],
            confirmation="Mexico agrees to exchange its place with Brazil.",
        )
        services.confirm_swap(actor=bra, swap=swap, confirmation="Brazil confirms the exchange with Mexico.")
    statement_of = entries.get("BRA")
    if statement_of is not None and bra is not None:
        services.submit_statement(
            actor=bra,
            delegation=statement_of.delegation,
            title="Statement of Brazil (full text)",
            text="Full text of the statement delivered under item 1 (f).",
            agenda_item=items["1 (f)"],
        )


def _cosp10_resolutions(actor: Any, session: Session, states: dict[str, State], bra: User | None) -> None:
    delegations = {
        d.iso3: d
        for d in Delegation.objects.filter(session=session, kind=ParticipationKind.PARTY).select_related(
            "state"
        )
    }
    plan = [
        (
            "EGY",
            "Follow-up to the Sharm el-Sheikh Declaration (demo title)",
            ["KEN", "NGA"],
            date(2023, 11, 2),
            "adopted",
        ),
        (
            "BRA",
            "Strengthening the use of the Implementation Review Mechanism (demo title)",
            ["ARG", "MEX"],
            date(2023, 11, 10),
            "approved",
        ),
        ("FRA", "Promoting integrity in sport (demo title)", ["DEU"], date(2023, 11, 13), "consultations"),
        ("USA", "Anti-corruption education (demo title)", [], date(2023, 11, 29), "submitted"),
    ]
    for iso3, title, sponsors, day, status in plan:
        if iso3 not in delegations:
            continue
        at = _at(day, 17)
        late = day > date(2023, 11, 13)
        draft = services.submit_draft_resolution(
            actor=actor,
            delegation=delegations[iso3],
            title=title,
            at=at,
            sponsors=[states[c] for c in sponsors if c in states],
            late_reason="Accepted late by the Bureau (demo)" if late else "",
        )
        flow = {
            "submitted": [],
            "consultations": ["consultations"],
            "approved": ["consultations", "approved"],
            "adopted": ["consultations", "approved", "adopted"],
        }[status]
        for step in flow:
            services.set_draft_resolution_status(
                actor=actor, draft=draft, status=step, resolution_number="10/1" if step == "adopted" else ""
            )


def _irg13(actor: Any, stdout: TextIO, states: dict[str, State]) -> None:
    session = services.create_session(
        actor=actor,
        body=Body.IRG,
        number=13,
        resumed_part=2,
        city="Vienna",
        venue="Vienna International Centre",
        starts_on=date(2022, 11, 7),
        ends_on=date(2022, 11, 11),
        opens_at=_at(date(2022, 11, 7), 10, tz=VIENNA),
        timezone_name="Europe/Vienna",
        hybrid=True,
        interpreted_meetings_limit=10,
        title_en="Implementation Review Group, thirteenth session, second resumed session",
        title_zh="实施情况审议组第十三届会议第二次续会",
        source="CAC/COSP/IRG/2022/6/Add.2 (S000)",
    )
    for number, letter, en, zh in IRG13_AGENDA:
        services.add_agenda_item(
            actor=actor, session=session, number=number, letter=letter, title_en=en, title_zh=zh
        )
    items = _items(session)
    services.adopt_agenda(actor=actor, session=session, at=_at(date(2022, 11, 7), 10, 30, tz=VIENNA))
    # Ten meetings (S000 ¶3): items 2, 3 and 7 alone; 4, 5 and 6 jointly with WG.2 and EG.1.
    plan = [
        (7, SlotPart.MORNING, ["1 (a)", "1 (b)", "2"]),
        (7, SlotPart.AFTERNOON, ["2"]),
        (8, SlotPart.MORNING, ["3"]),
        (8, SlotPart.AFTERNOON, ["4"]),
        (9, SlotPart.MORNING, ["4"]),
        (9, SlotPart.AFTERNOON, ["5"]),
        (10, SlotPart.MORNING, ["5"]),
        (10, SlotPart.AFTERNOON, ["6"]),
        (11, SlotPart.MORNING, ["7"]),
        (11, SlotPart.AFTERNOON, ["8"]),
    ]
    for day, part, labels in plan:
        start, end = (time(10), time(13)) if part == SlotPart.MORNING else (time(15), time(18))
        services.add_work_slot(
            actor=actor,
            session=session,
            date=date(2022, 11, day),
            part=part,
            starts_at=start,
            ends_at=end,
            items=[items[label] for label in labels],
            note="Joint with WG.2 and EG.1" if set(labels) & {"4", "5", "6"} else "",
        )
    egypt, pakistan = states.get("EGY"), states.get("PAK")
    if egypt:
        services.elect_officer(
            actor=actor,
            session=session,
            office=Office.PRESIDING,
            state=egypt,
            person_name="Amr Adel Hosny",
            note="President-designate of the Conference",
        )
    if pakistan:
        services.elect_officer(
            actor=actor,
            session=session,
            office=Office.PRESIDING,
            state=pakistan,
            person_name="Aftab Ahmad Khokher",
            note="Vice-President of the Conference",
        )
    companions = []
    for body, number, en, zh in [
        (
            Body.WG_ASSET_RECOVERY,
            16,
            "Working Group on Asset Recovery, sixteenth meeting",
            "资产追回问题工作组第十六次会议",
        ),
        (
            Body.EG_COOPERATION,
            11,
            "Expert Meeting on International Cooperation, eleventh meeting",
            "增进国际合作专家会议第十一次会议",
        ),
    ]:
        companions.append(
            services.create_session(
                actor=actor,
                body=body,
                number=number,
                city="Vienna",
                starts_on=date(2022, 11, 7),
                ends_on=date(2022, 11, 11),
                opens_at=_at(date(2022, 11, 7), 10, tz=VIENNA),
                hybrid=True,
                title_en=en,
                title_zh=zh,
                source="S000 ¶3, ¶35",
            )
        )
    services.add_joint_meeting(
        actor=actor,
        sessions=[session, *companions],
        held_from=date(2022, 11, 8),
        held_to=date(2022, 11, 10),
        title_en="Joint meetings of the IRG, the Working Group on Asset Recovery and the Expert Meeting",
        title_zh="实施情况审议组、资产追回问题工作组和专家会议联席会议",
        items_note="IRG items 4, 5 and 6; four panels",
    )
    for symbol, kind, label, access, en in IRG13_DOCUMENTS:
        services.register_document(
            actor=actor,
            session=session,
            symbol=symbol,
            title_en=en,
            kind=kind,
            agenda_item=items[label],
            access=access,
        )
    resolver = NameResolver()
    attended = []
    for name in IRG13_PARTIES.split("、"):
        try:
            attended.append(resolver.resolve(name))
        except UnknownStateName:
            stdout.write(f"  meetings: IRG 13 participant not matched: {name}\n")
    eu = states.get("EUU")
    _participants(actor, session, attended + ([eu] if eu else []), notified=date(2022, 11, 1))
    for name in IRG13_UN_BODIES:
        services.register_delegation(
            actor=actor,
            session=session,
            kind=ParticipationKind.UN_BODY,
            name=name,
            notified_on=date(2022, 10, 31),
        )
    for name in IRG13_IGOS:
        services.register_delegation(
            actor=actor,
            session=session,
            kind=ParticipationKind.IGO,
            name=name,
            notified_on=date(2022, 10, 31),
        )
    andorra = services.register_delegation(
        actor=actor, session=session, kind=ParticipationKind.NON_SIGNATORY, name="Andorra"
    )
    services.grant_observer_status(actor=actor, delegation=andorra, on=date(2022, 11, 7))
    _credentials(actor, session, seed=13)
    # Item 2: speakers on the performance of the Mechanism (S000 ¶16–22).
    lst = services.open_speakers_list(
        actor=actor,
        session=session,
        agenda_item=items["2"],
        opens_at=_at(date(2022, 10, 24), 9, tz=VIENNA),
        closes_at=_at(date(2022, 11, 7), 12, tz=VIENNA),
        speaking_minutes=5,
        speaking_words=500,
    )
    rng = random.Random(2022)
    delegations = list(
        Delegation.objects.filter(session=session, kind=ParticipationKind.PARTY).select_related("state")
    )
    for i, delegation in enumerate(
        sorted(rng.sample(delegations, min(30, len(delegations))), key=lambda d: d.pk)
    ):
        rank = Rank.AMBASSADOR if i % 3 else Rank.OFFICIAL
        services.request_to_speak(
            actor=actor,
            speakers_list=lst,
            delegation=delegation,
            rank=rank,
            received_at=_at(date(2022, 10, 24), 9, tz=VIENNA) + timedelta(minutes=rng.randint(1, 20000)),
            speaker_name=f"Representative of {delegation.name_en}",
            speaker_function=FUNCTIONS[rank],
        )
    for _ in range(lst.entries.count() + 1):
        services.call_next_speaker(actor=actor, speakers_list=lst, at=_at(date(2022, 11, 7), 11, tz=VIENNA))
    stdout.write(f"  meetings: IRG 13 second resumed session (Vienna) with {len(attended)} parties\n")


@transaction.atomic
def load(*, stdout: TextIO) -> None:
    actor = User.objects.filter(username="secretariat").first()
    if actor is None or not State.objects.exists():
        stdout.write("  meetings: no secretariat demo user or no parties; skipped\n")
        return
    delegate_mex = _second_delegate()
    delegate_bra = User.objects.filter(username="delegate").first()
    states = {s.iso3: s for s in State.objects.all()}
    try:
        _past_cosp(actor, states)
        if not Session.objects.filter(body=Body.COSP, number=10).exists():
            _cosp10(actor, stdout, states, delegate_bra, delegate_mex)
        if not Session.objects.filter(body=Body.IRG, number=13, resumed_part=2).exists():
            _irg13(actor, stdout, states)
    except DomainError as exc:  # a demo that contradicts the rules is a bug: say so loudly
        raise RuntimeError(f"meetings demo: {exc.message}") from exc
