"""Word tables for deciding whether two news statements agree (:mod:`briefing.overview.stance`).

General Arabic news vocabulary, written in the normalised spelling of
:func:`briefing.text.arabic.normalize_arabic` (alef forms as ``ا``, taa marbuta as ``ه``, alef
maqsura as ``ي``). Nothing here is taken from a sample article: the tables list what any
wire story uses to negate, to oppose (rise/fall, continue/stop), to announce and to report,
and the countries, nationalities and cities it names.
"""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` (word tables written as plain text)."""
    return frozenset(text.split())


# Negation particles and verbs of denial: one statement negated is the other's contradiction.
NEGATIONS: frozenset[str] = words("""لا لم لن ليس ليست ليسوا لسنا غير عدم دون بدون بلا ينفي تنفي نفي نفت
    ينكر تنكر انكر انكرت يستبعد تستبعد استبعد استبعدت""")

# Opposite meanings: each pair of word groups says "one or the other". Forms are listed as
# outlets write them; the stance module matches a word by its form or its stem.
ANTONYMS: tuple[tuple[frozenset[str], frozenset[str]], ...] = tuple(
    (words(up), words(down))
    for up, down in (
        (
            "ارتفاع ارتفع ارتفعت يرتفع ترتفع ارتفاعا صعود صعد يصعد تصعد زياده زاد زادت يزيد تزيد قفز يقفز"
            " تقفز قفزه مكاسب",
            "انخفاض انخفض انخفضت ينخفض تنخفض انخفاضا هبوط هبط هبطت يهبط تهبط تراجع تراجعت يتراجع تتراجع"
            " تقلص يتقلص تتقلص تخفيض خفض يخفض تخفض خسائر",
        ),
        ("اعلي", "ادني"),
        (
            "استمرار استمر استمرت يستمر تستمر متواصل متواصله تواصل يتواصل تتواصل",
            "توقف توقفت يتوقف تتوقف وقف ايقاف انتهاء انتهي انتهت ينتهي تنتهي",
        ),
        (
            "بدء بدا بدات يبدا تبدا انطلاق انطلق انطلقت تنطلق ينطلق يباشر تباشر باشر",
            "تاجيل اجل اجلت يؤجل تؤجل ارجاء ارجا الغاء الغي الغت يلغي تلغي",
        ),
        ("فوز فاز فازت يفوز تفوز", "خساره خسر خسرت يخسر تخسر هزيمه"),
        ("نجاح نجح نجحت ينجح تنجح", "فشل فشلت يفشل تفشل اخفاق"),
        (
            "قبول يقبل تقبل موافقه وافق وافقت يوافق توافق اقرار اقر اقرت يقر تقر تاييد ايد ايدت يؤيد"
            " تؤيد ترحيب رحب رحبت يرحب ترحب",
            "رفض رفضت يرفض ترفض معارضه عارض عارضت يعارض تعارض",
        ),
        ("اتفاق اتفق اتفقت يتفق تتفق توافق", "خلاف خلافات اختلاف يختلف تختلف"),
        ("اعتقال اعتقل اعتقلت حبس سجن احتجاز", "افراج الافراج يفرج تفرج افرج افرجت"),
        ("فتح يفتح تفتح افتتاح", "اغلاق اغلق اغلقت يغلق تغلق"),
        ("تحسن يتحسن تتحسن", "تدهور يتدهور تتدهور"),
        ("هدوء تهدئه", "مواجهات اشتباكات"),
        ("سلام هدنه", "حرب"),
    )
)

# Modality: a statement about what is expected, planned, sought or asked is not a report of
# what happened ("a summit is expected" vs "the summit was held", "seeks the title" vs "won
# the title").
FUTURE: frozenset[str] = words("""يرجح ترجح يتوقع تتوقع متوقع متوقعه المتوقع المتوقعه توقعات يرتقب
    المرتقب المرتقبه مرتقب مرتقبه المنتظر المنتظره المقبل المقبله القادم القادمه قريبا سوف ستعقد
    سيعقد ستكون سيكون المزمع المزمعه مزمع محتمل محتمله لاحقا سيتم ستتم ستجري سيجري تعتزم يعتزم
    يعتزمان تحضير التحضير التحضيرات تحضيرات التحضيرات الاستعدادات استعدادات تمهيدا سيلتقي
    سيلتقيان ستلتقي سيجتمع سيجتمعان ستنطلق سينطلق سيزور ستزور سيبحث سيبحثان يخطط تخطط التخطيط
    مرتقبا يسعي تسعي يسعون يامل تامل يطمح تطمح يامل يتطلع تتطلع""")
QUESTION: frozenset[str] = words("هل")
# Verbs and nouns that report an event as having taken place (held, met, ended, lasted).
PAST: frozenset[str] = words("""عقدت انعقد انعقدت انعقاد اختتم اختتمت اختتام التقي التقت اجتمع
    اجتمعت اجتمعا جمعت جرت جري شهدت شهد انتهت انتهي امتدت امتد استمرت استمر استغرقت استغرق
    اسفرت اسفر وقع وقعت وصل وصلت توصل توصلا توصلت عقب""")

# Event nouns an editor's note can name, with the English word: the most frequent one in a
# group names the event ("2 sources preview the summit").
EVENT_NOUNS: dict[str, str] = {
    "قمه": "summit", "اجتماع": "meeting", "لقاء": "meeting", "محادثات": "talks",
    "مفاوضات": "negotiations", "مباحثات": "talks", "انتخابات": "elections", "زياره": "visit",
    "مؤتمر": "conference", "منتدي": "forum", "زلزال": "earthquake", "حريق": "fire",
    "فيضانات": "floods", "فيضان": "flood", "اعصار": "storm", "عاصفه": "storm", "هجوم": "attack",
    "انفجار": "explosion", "مباراه": "match", "بطوله": "tournament", "محاكمه": "trial",
    "احتجاجات": "protests", "حرائق": "fires", "نهائي": "final", "مظاهرات": "demonstrations",
    "اضراب": "strike", "معرض": "exhibition",
    "مهرجان": "festival", "استفتاء": "referendum", "حادث": "accident", "قصف": "shelling",
}  # fmt: skip

WEEKDAYS_EN: dict[str, str] = {
    "السبت": "Saturday", "الاحد": "Sunday", "الاثنين": "Monday", "الثلاثاء": "Tuesday",
    "الاربعاء": "Wednesday", "الخميس": "Thursday", "الجمعه": "Friday",
}  # fmt: skip
MONTHS_EN: dict[str, str] = {
    "يناير": "January", "كانون": "January", "فبراير": "February", "شباط": "February",
    "مارس": "March", "اذار": "March", "ابريل": "April", "نيسان": "April", "مايو": "May",
    "ايار": "May", "يونيو": "June", "حزيران": "June", "يوليو": "July", "تموز": "July",
    "اغسطس": "August", "اب": "August", "سبتمبر": "September", "ايلول": "September",
    "اكتوبر": "October", "نوفمبر": "November", "ديسمبر": "December",
}  # fmt: skip
UNITS_EN: dict[str, str] = {
    "minute": "minutes", "hour": "hours", "day": "days", "week": "weeks", "month": "months",
    "year": "years", "decade": "decades",
}  # fmt: skip

# Countries as "name adjective-stem": the adjective stem takes the nisba endings (روس ->
# الروسي, الروسيه, الروس...), so "Russia" and "Russian" are one entity.
_COUNTRIES = """
روسيا:روس امريكا:امريك الولايات:اميرك الصين:صين اليابان:يابان الهند:هند باكستان:باكستان
ايران:ايران العراق:عراق سوريا:سور لبنان:لبنان الاردن:اردن فلسطين:فلسطين اسرائيل:اسرائيل
مصر:مصر ليبيا:ليب تونس:تونس الجزائر:جزائر المغرب:مغرب موريتانيا:موريتان السودان:سودان
السعوديه:سعود اليمن:يمن عمان:عمان الامارات:امارات قطر:قطر البحرين:بحرين الكويت:كويت
تركيا:ترك اوكرانيا:اوكران بيلاروسيا:بيلاروس المانيا:المان فرنسا:فرنس بريطانيا:بريطان
ايطاليا:ايطال اسبانيا:اسبان البرتغال:برتغال هولندا:هولند بلجيكا:بلجيك سويسرا:سويسر النمسا:نمساو
السويد:سويد النرويج:نرويج الدنمارك:دنمارك فنلندا:فنلند بولندا:بولند المجر:مجر اليونان:يونان
كندا:كند المكسيك:مكسيك البرازيل:برازيل الارجنتين:ارجنتين فنزويلا:فنزويل كوبا:كوب
اثيوبيا:اثيوب الصومال:صومال كينيا:كين نيجيريا:نيجير افغانستان:افغان كوريا:كور
اندونيسيا:اندونيس ماليزيا:ماليز استراليا:استرال جورجيا:جورج ارمينيا:ارمن اذربيجان:اذربيجان
كازاخستان:كازاخ قبرص:قبرص مالي:مال تشاد:تشاد النيجر:نيجر الفلبين:فلبين فيتنام:فيتنام
"""
COUNTRIES: dict[str, str] = {}
"""Normalised form (country name or nationality) -> canonical country name."""
for _entry in _COUNTRIES.split():
    _name, _adjective = _entry.split(":")
    _bare = _name[2:] if _name.startswith("ال") else _name
    for _form in (_name, _bare):
        COUNTRIES[_form] = _name
    for _ending in ("ي", "يه", "يين", "يون", "يان", "يتين", ""):
        if _ending or len(_adjective) >= 4:
            COUNTRIES.setdefault(_adjective + _ending, _name)
# Forms that are common words in their own right (money, Oman/Amman, George...).
for _word in ("مال", "مالي", "عمان", "ترك", "جورج", "سور", "كور", "يمن", "هند"):
    COUNTRIES.pop(_word, None)
# American: both spellings.
for _form in ("امريكي", "امريكيه", "اميركي", "اميركيه", "امريكيين", "اميركيين", "امريكيون", "اميركا"):
    COUNTRIES[_form] = "امريكا"
# "الولايات" (the United States) and its nisba اميرك are America too: one outlet writing
# الأميركيين and another الأميركيون is not a dispute about which country.
for _form, _country in list(COUNTRIES.items()):
    if _country == "الولايات":
        COUNTRIES[_form] = "امريكا"
COUNTRIES["واشنطن"] = "امريكا"
COUNTRIES["موسكو"] = "روسيا"

# Cities, regions and venues, where an event takes place.
PLACES: frozenset[str] = words("""القاهره الاسكندريه بغداد البصره الموصل دمشق حلب حمص ادلب بيروت طرابلس
    بنغازي عمان الرياض جده مكه الدوحه دبي ابوظبي المنامه الكويت مسقط صنعاء عدن الخرطوم
    تونس الجزائر الرباط البيضاء مراكش نواكشوط القدس غزه الضفه الخليل نابلس انقره اسطنبول
    طهران كابول نيودلهي بكين طوكيو سيول موسكو كييف خاركيف اوديسا مينسك برلين باريس لندن
    روما مدريد لشبونه بروكسل فيينا جنيف لاهاي امستردام ستوكهولم وارسو اثينا واشنطن نيويورك
    شيكاغو ميامي لوس انجلوس هلسنكي اوتاوا تورونتو مونتريال مكسيكو برازيليا هافانا كراكاس
    نيروبي ابابا الكرملين الاليزيه داونينغ الاسكا هاواي فلوريدا تكساس
    كاليفورنيا سوتشي العقبه اربيل كركوك الفلوجه""")

# Two-word place names, as (first word, second word).
PLACE_PAIRS: frozenset[tuple[str, str]] = frozenset(
    (pair.split("_")[0], pair.split("_")[1])
    for pair in words("""الدار_البيضاء ابو_ظبي اديس_ابابا لوس_انجلوس شرم_الشيخ رام_الله نيو_يورك
    سان_فرانسيسكو بندر_عباس عين_العرب دير_الزور اسلام_اباد""")
)
