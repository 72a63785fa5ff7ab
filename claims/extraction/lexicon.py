"""The extractor's vocabulary: word lists and tables, data only. The lists read by more
than one module, or by the tokenizer's hints, live here; a list read by one module
stays beside the code that reads it."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _in_order(text: str) -> list[str]:
    return text.split()


# --------------------------------------------------------------------------
# Times, pronouns, roles and the names of speakers
# --------------------------------------------------------------------------

_MONTHS = _words(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
_WEEKDAYS = _words("monday tuesday wednesday thursday friday saturday sunday")

# Capitalised words that open sentences or name times, never a speaker.
_CAP_STOP = (
    _words(
        "but and or however meanwhile later earlier then also separately still yet so now "
        "today yesterday tonight tomorrow on in at after before when while as since last next "
        "this that these those it he she they we i you there here some many most all both each "
        "several other another such if although though because despite during according asked "
        "speaking following amid by for from with without under over to of what who why how "
        "where which a an the not no one two three four five six seven eight nine ten "
        "nearly almost about around at least more than up dozens hundreds thousands scores "
        "overall instead indeed thus even only just neither nor either"
    )
    | _MONTHS
    | _WEEKDAYS
)

_PRONOUNS = _words("he she they it him her them")
_FIRST_PERSON = _words("i we you me us")

# Heads that name a speaking role; capitalised ones also work as titles.
_ROLE_NOUNS = _words(
    "spokesman spokeswoman spokesperson spokespeople representative representatives "
    "minister ministers governor mayor president vice-president premier chancellor "
    "secretary ambassador envoy official officials commander chief head director "
    "coordinator administrator chairman chairwoman chair leader general colonel major "
    "captain lieutenant sergeant admiral marshal journalist reporter correspondent "
    "analyst expert researcher professor doctor surgeon lawyer attorney prosecutor judge "
    "witness eyewitness resident survivor activist senator congressman congresswoman "
    "lawmaker deputy aide adviser advisor manager owner founder ceo executive monitor "
    "observer blogger photographer cameraman editor pastor priest imam teacher nurse "
    "paramedic firefighter pilot driver farmer coroner sheriff superintendent inspector "
    "detective investigator engineer scientist seismologist meteorologist forecaster "
    "medic mp source sources officer officers commissioner councillor councilor councilman "
    "councilwoman alderman constable ranger warden dean principal headteacher headmaster "
    "coach trooper chaplain bishop archbishop cleric mufti rabbi legislator diplomat "
    "negotiator mediator ombudsman auditor physician pathologist examiner epidemiologist "
    "virologist campaigner organiser organizer chairperson relative neighbor neighbour "
    "father mother son daughter brother sister husband wife uncle aunt cousin nephew niece "
    "friend student shopkeeper worker passenger climber guide fisherman villager man woman"
)
# Roles that speak for themselves, not for the organization named with them: "a Reuters
# witness" is a witness, while "a Kremlin spokesman" speaks for the Kremlin.
_PRIVATE_ROLES = _words(
    "witness eyewitness resident survivor journalist reporter correspondent photographer "
    "cameraman analyst expert researcher blogger farmer relative neighbor neighbour father "
    "mother son daughter brother sister husband wife uncle aunt cousin nephew niece friend "
    "student passenger villager climber fisherman shopkeeper worker teacher"
)
_TITLE_ABBREVIATIONS = _words(
    "mr mrs ms dr gen lt col maj capt sgt adm gov sen rep prof cpl pvt brig insp supt"
)
_COURTESY_TITLES = _words("mr mrs ms")
_NAME_TITLES = _COURTESY_TITLES | _words("dr prof")
# "the man", "the woman": a person speaking without a role
_PERSON_NOUNS = _words("man woman boy girl")

_ORG_HEADS = _words(
    "ministry ministries department office agency service services police army military "
    "forces force navy guard guards government council committee commission center centre "
    "kremlin pentagon observatory organization organisation authority authorities "
    "administration court company corporation corp inc airline airlines airways railway "
    "railways hospital university institute group coalition alliance union party movement "
    "front brigade battalion regiment command headquarters bureau board directorate "
    "agencies organizations organisations groups embassy consulate parliament assembly "
    "cabinet presidency secretariat mission fund "
    "watchdog network prosecutors opposition rebels militants staff regulator association "
    "federation league society foundation militia operator coastguard factory plant mine "
    "school prison firm carrier prefecture governorate municipality"
)
_MEDIA_HEADS = _words(
    "newspaper daily broadcaster television tv channel radio outlet outlets media website "
    "magazine agency site portal"
)
# Nouns naming what was said rather than who said it: the owner is the claimant.
_DOC_NOUNS = _words(
    "statement statements report reports transcript communique post tweet video data "
    "figures figure tally count estimate estimates statistics bulletin briefing update "
    "announcement readout note letter document release"
)
# What a news outlet is: "the Bild newspaper".
_MEDIA_KINDS = _words("newspaper daily tabloid weekly broadcaster magazine website")
# "figures released by the ministry", "data compiled by the agency"
_DOC_PARTICIPLES = _words("released published compiled issued provided collected gathered shared")
# Groups that speak without a name; kind for each.
_GENERIC_CLAIMANTS = {
    "police": "organization",
    "military": "organization",
    "army": "organization",
    "navy": "organization",
    "government": "organization",
    "opposition": "organization",
    "authorities": "organization",
    "emergency services": "organization",
    "rescue services": "organization",
    "fire service": "organization",
    "coast guard": "organization",
    "prosecutors": "organization",
    "media": "media",
    "state media": "media",
    "local media": "media",
    "state television": "media",
    "state tv": "media",
    "reports": "media",
    "media reports": "media",
    "local reports": "media",
    "officials": "unknown",
    "official": "unknown",
    "witnesses": "unknown",
    "witness": "unknown",
    "eyewitnesses": "unknown",
    "residents": "unknown",
    "resident": "unknown",
    "sources": "unknown",
    "source": "unknown",
    "rescuers": "unknown",
    "doctors": "unknown",
    "medics": "unknown",
    "paramedics": "unknown",
    "activists": "unknown",
    "analysts": "unknown",
    "experts": "unknown",
    "investigators": "unknown",
    "villagers": "unknown",
    "survivors": "unknown",
    "relatives": "unknown",
    "organizers": "unknown",
    "organisers": "unknown",
    "firefighters": "unknown",
    "rebels": "organization",
    "militants": "organization",
    "insurgents": "organization",
    "monitors": "unknown",
    "observers": "unknown",
    "diplomats": "unknown",
    "lawmakers": "unknown",
    "volunteers": "unknown",
    "hospital staff": "unknown",
    "teams": "unknown",
    "crews": "unknown",
    "coastguard": "organization",
}
# Lowercase words that may sit inside a speaker's noun phrase.
_NP_MODIFIERS = _words(
    "freelance local regional senior former deputy acting state state-run state-owned "
    "official independent top provincial district city federal national emergency "
    "emergencies rescue health fire news press defense defence interior foreign security "
    "intelligence presidential civil civilian medical unnamed anonymous military human "
    "rights monitoring war municipal county village hospital airport airline company "
    "aviation transport border coast chief general armed opposition rebel government "
    "interim caretaker army police navy air joint public private international "
    "humanitarian aid relief disaster weather geological seismological reconciliation "
    "investigative forensic prison justice judicial high supreme local-government canton "
    "province region town municipality prefecture governorate oblast"
)
_NP_LEX = (
    _ROLE_NOUNS
    | _ORG_HEADS
    | _MEDIA_HEADS
    | _DOC_NOUNS
    | _NP_MODIFIERS
    | frozenset(w for k in _GENERIC_CLAIMANTS for w in k.split())
)
_NP_PREPS = _words("of for at in from")
_NAME_PARTICLES = _words("al el bin ibn abu de van von der da di la le del du")

_MEDIA = {
    "ap": "The Associated Press",
    "associated press": "The Associated Press",
    "the associated press": "The Associated Press",
    "reuters": "Reuters",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "agence france presse": "AFP",
    "france-presse": "AFP",
    "rt": "RT",
    "russia today": "RT",
    "tass": "TASS",
    "itar-tass": "TASS",
    "ria novosti": "RIA Novosti",
    "ria": "RIA Novosti",
    "interfax": "Interfax",
    "interfax-ukraine": "Interfax-Ukraine",
    "sputnik": "Sputnik",
    "bbc": "BBC",
    "cnn": "CNN",
    "al jazeera": "Al Jazeera",
    "al-jazeera": "Al Jazeera",
    "al arabiya": "Al Arabiya",
    "xinhua": "Xinhua",
    "sana": "SANA",
    "anadolu": "Anadolu Agency",
    "anadolu agency": "Anadolu Agency",
    "kyodo": "Kyodo",
    "yonhap": "Yonhap",
    "dpa": "dpa",
    "efe": "EFE",
    "ansa": "ANSA",
    "nhk": "NHK",
    "bloomberg": "Bloomberg",
    "new york times": "The New York Times",
    "the new york times": "The New York Times",
    "washington post": "The Washington Post",
    "the washington post": "The Washington Post",
    "wall street journal": "The Wall Street Journal",
    "the wall street journal": "The Wall Street Journal",
    "the guardian": "The Guardian",
    "fox news": "Fox News",
    "nbc news": "NBC News",
    "abc news": "ABC News",
    "cbs news": "CBS News",
    "sky news": "Sky News",
    "press tv": "Press TV",
    "irna": "IRNA",
    "fars": "Fars",
    "tasnim": "Tasnim",
    "pti": "Press Trust of India",
    "press trust of india": "Press Trust of India",
    "ukrinform": "Ukrinform",
    "unian": "UNIAN",
    "kyiv independent": "The Kyiv Independent",
    "the kyiv independent": "The Kyiv Independent",
    "euronews": "Euronews",
    "france 24": "France 24",
    "deutsche welle": "Deutsche Welle",
    "dw": "Deutsche Welle",
    "voice of america": "Voice of America",
    "voa": "Voice of America",
    "npr": "NPR",
    "cctv": "CCTV",
    "kcna": "KCNA",
    "izvestia": "Izvestia",
    "kommersant": "Kommersant",
    "haaretz": "Haaretz",
    "global times": "Global Times",
}

_KNOWN_ORGS = {
    "kremlin": "Kremlin",
    "pentagon": "Pentagon",
    "white house": "White House",
    "state department": "State Department",
    "un": "United Nations",
    "u.n": "United Nations",
    "u.n.": "United Nations",
    "united nations": "United Nations",
    "nato": "NATO",
    "eu": "European Union",
    "european union": "European Union",
    "who": "World Health Organization",
    "world health organization": "World Health Organization",
    "icrc": "International Committee of the Red Cross",
    "red cross": "Red Cross",
    "red crescent": "Red Crescent",
    "unicef": "UNICEF",
    "unhcr": "UNHCR",
    "ocha": "OCHA",
    "mod": "Defense Ministry",
    "msf": "Doctors Without Borders",
    "doctors without borders": "Doctors Without Borders",
    "un refugee agency": "UNHCR",
    "u.n. refugee agency": "UNHCR",
    "united nations refugee agency": "UNHCR",
    "un children's agency": "UNICEF",
    "un children's fund": "UNICEF",
    "un migration agency": "International Organization for Migration",
    "iom": "International Organization for Migration",
    "international organization for migration": "International Organization for Migration",
    "un humanitarian office": "OCHA",
    "un food agency": "World Food Programme",
    "wfp": "World Food Programme",
    "world food programme": "World Food Programme",
    "un nuclear watchdog": "IAEA",
    "iaea": "IAEA",
    "un human rights office": "OHCHR",
    "is": "Islamic State",
    "isis": "Islamic State",
    "isil": "Islamic State",
    "islamic state": "Islamic State",
}

_COUNTRIES = {
    "russia": "Russia",
    "ukraine": "Ukraine",
    "syria": "Syria",
    "turkey": "Turkey",
    "türkiye": "Turkey",
    "iran": "Iran",
    "iraq": "Iraq",
    "israel": "Israel",
    "united states": "United States",
    "us": "United States",
    "u.s": "United States",
    "u.s.": "United States",
    "america": "United States",
    "britain": "Britain",
    "uk": "Britain",
    "u.k": "Britain",
    "u.k.": "Britain",
    "united kingdom": "Britain",
    "france": "France",
    "germany": "Germany",
    "china": "China",
    "japan": "Japan",
    "india": "India",
    "pakistan": "Pakistan",
    "afghanistan": "Afghanistan",
    "yemen": "Yemen",
    "saudi arabia": "Saudi Arabia",
    "lebanon": "Lebanon",
    "jordan": "Jordan",
    "egypt": "Egypt",
    "libya": "Libya",
    "sudan": "Sudan",
    "ethiopia": "Ethiopia",
    "nigeria": "Nigeria",
    "somalia": "Somalia",
    "mali": "Mali",
    "georgia": "Georgia",
    "armenia": "Armenia",
    "azerbaijan": "Azerbaijan",
    "belarus": "Belarus",
    "poland": "Poland",
    "italy": "Italy",
    "spain": "Spain",
    "greece": "Greece",
    "mexico": "Mexico",
    "brazil": "Brazil",
    "indonesia": "Indonesia",
    "philippines": "Philippines",
    "nepal": "Nepal",
    "bangladesh": "Bangladesh",
    "myanmar": "Myanmar",
    "north korea": "North Korea",
    "south korea": "South Korea",
    "canada": "Canada",
    "australia": "Australia",
    "chile": "Chile",
    "peru": "Peru",
    "colombia": "Colombia",
    "kenya": "Kenya",
    "morocco": "Morocco",
    "algeria": "Algeria",
    "tunisia": "Tunisia",
    "ecuador": "Ecuador",
    "venezuela": "Venezuela",
    "bolivia": "Bolivia",
    "argentina": "Argentina",
    "guatemala": "Guatemala",
    "honduras": "Honduras",
    "el salvador": "El Salvador",
    "nicaragua": "Nicaragua",
    "cuba": "Cuba",
    "haiti": "Haiti",
    "burkina faso": "Burkina Faso",
    "niger": "Niger",
    "chad": "Chad",
    "cameroon": "Cameroon",
    "ghana": "Ghana",
    "senegal": "Senegal",
    "congo": "Congo",
    "uganda": "Uganda",
    "tanzania": "Tanzania",
    "rwanda": "Rwanda",
    "south sudan": "South Sudan",
    "south africa": "South Africa",
    "zimbabwe": "Zimbabwe",
    "mozambique": "Mozambique",
    "malawi": "Malawi",
    "zambia": "Zambia",
    "angola": "Angola",
    "sri lanka": "Sri Lanka",
    "thailand": "Thailand",
    "vietnam": "Vietnam",
    "malaysia": "Malaysia",
    "cambodia": "Cambodia",
    "taiwan": "Taiwan",
    "kazakhstan": "Kazakhstan",
    "uzbekistan": "Uzbekistan",
    "kyrgyzstan": "Kyrgyzstan",
    "tajikistan": "Tajikistan",
    "qatar": "Qatar",
    "kuwait": "Kuwait",
    "bahrain": "Bahrain",
    "oman": "Oman",
    "palestine": "Palestine",
    "cyprus": "Cyprus",
    "serbia": "Serbia",
    "croatia": "Croatia",
    "bosnia": "Bosnia",
    "kosovo": "Kosovo",
    "albania": "Albania",
    "romania": "Romania",
    "bulgaria": "Bulgaria",
    "hungary": "Hungary",
    "austria": "Austria",
    "switzerland": "Switzerland",
    "netherlands": "Netherlands",
    "belgium": "Belgium",
    "portugal": "Portugal",
    "ireland": "Ireland",
    "norway": "Norway",
    "sweden": "Sweden",
    "finland": "Finland",
    "denmark": "Denmark",
    "new zealand": "New Zealand",
    "moldova": "Moldova",
    "lithuania": "Lithuania",
    "latvia": "Latvia",
    "estonia": "Estonia",
    "czech republic": "Czech Republic",
    "slovakia": "Slovakia",
    "eritrea": "Eritrea",
    "djibouti": "Djibouti",
    "mauritania": "Mauritania",
    "guinea": "Guinea",
    "sierra leone": "Sierra Leone",
    "liberia": "Liberia",
    "ivory coast": "Ivory Coast",
    "madagascar": "Madagascar",
    "papua new guinea": "Papua New Guinea",
    "fiji": "Fiji",
    "mongolia": "Mongolia",
    "laos": "Laos",
    "singapore": "Singapore",
}
_NATIONALITIES = {
    "russian": "Russia",
    "ukrainian": "Ukraine",
    "syrian": "Syria",
    "turkish": "Turkey",
    "iranian": "Iran",
    "iraqi": "Iraq",
    "israeli": "Israel",
    "american": "United States",
    "british": "Britain",
    "french": "France",
    "german": "Germany",
    "chinese": "China",
    "japanese": "Japan",
    "indian": "India",
    "pakistani": "Pakistan",
    "afghan": "Afghanistan",
    "yemeni": "Yemen",
    "saudi": "Saudi Arabia",
    "lebanese": "Lebanon",
    "jordanian": "Jordan",
    "egyptian": "Egypt",
    "libyan": "Libya",
    "sudanese": "Sudan",
    "ethiopian": "Ethiopia",
    "nigerian": "Nigeria",
    "somali": "Somalia",
    "malian": "Mali",
    "georgian": "Georgia",
    "armenian": "Armenia",
    "azerbaijani": "Azerbaijan",
    "belarusian": "Belarus",
    "polish": "Poland",
    "italian": "Italy",
    "spanish": "Spain",
    "greek": "Greece",
    "mexican": "Mexico",
    "brazilian": "Brazil",
    "indonesian": "Indonesia",
    "filipino": "Philippines",
    "nepali": "Nepal",
    "nepalese": "Nepal",
    "bangladeshi": "Bangladesh",
    "canadian": "Canada",
    "australian": "Australia",
    "chilean": "Chile",
    "peruvian": "Peru",
    "colombian": "Colombia",
    "kenyan": "Kenya",
    "moroccan": "Morocco",
    "ecuadorian": "Ecuador",
    "venezuelan": "Venezuela",
    "bolivian": "Bolivia",
    "argentine": "Argentina",
    "guatemalan": "Guatemala",
    "honduran": "Honduras",
    "salvadoran": "El Salvador",
    "nicaraguan": "Nicaragua",
    "cuban": "Cuba",
    "haitian": "Haiti",
    "burkinabe": "Burkina Faso",
    "nigerien": "Niger",
    "chadian": "Chad",
    "cameroonian": "Cameroon",
    "ghanaian": "Ghana",
    "senegalese": "Senegal",
    "congolese": "Congo",
    "ugandan": "Uganda",
    "tanzanian": "Tanzania",
    "rwandan": "Rwanda",
    "south sudanese": "South Sudan",
    "south african": "South Africa",
    "zimbabwean": "Zimbabwe",
    "mozambican": "Mozambique",
    "malawian": "Malawi",
    "zambian": "Zambia",
    "angolan": "Angola",
    "sri lankan": "Sri Lanka",
    "thai": "Thailand",
    "vietnamese": "Vietnam",
    "malaysian": "Malaysia",
    "cambodian": "Cambodia",
    "taiwanese": "Taiwan",
    "kazakh": "Kazakhstan",
    "uzbek": "Uzbekistan",
    "kyrgyz": "Kyrgyzstan",
    "tajik": "Tajikistan",
    "qatari": "Qatar",
    "kuwaiti": "Kuwait",
    "bahraini": "Bahrain",
    "omani": "Oman",
    "palestinian": "Palestine",
    "cypriot": "Cyprus",
    "serbian": "Serbia",
    "croatian": "Croatia",
    "bosnian": "Bosnia",
    "kosovar": "Kosovo",
    "albanian": "Albania",
    "romanian": "Romania",
    "bulgarian": "Bulgaria",
    "hungarian": "Hungary",
    "austrian": "Austria",
    "swiss": "Switzerland",
    "dutch": "Netherlands",
    "belgian": "Belgium",
    "portuguese": "Portugal",
    "irish": "Ireland",
    "norwegian": "Norway",
    "swedish": "Sweden",
    "finnish": "Finland",
    "danish": "Denmark",
    "new zealand": "New Zealand",
    "moldovan": "Moldova",
    "lithuanian": "Lithuania",
    "latvian": "Latvia",
    "estonian": "Estonia",
    "czech": "Czech Republic",
    "slovak": "Slovakia",
    "eritrean": "Eritrea",
    "djiboutian": "Djibouti",
    "mauritanian": "Mauritania",
    "guinean": "Guinea",
    "sierra leonean": "Sierra Leone",
    "liberian": "Liberia",
    "ivorian": "Ivory Coast",
    "malagasy": "Madagascar",
    "papua new guinean": "Papua New Guinea",
    "fijian": "Fiji",
    "mongolian": "Mongolia",
    "laotian": "Laos",
    "singaporean": "Singapore",
}
# Capitals standing for their governments ("Moscow said").
_CAPITALS = _words(
    "moscow kyiv kiev washington beijing damascus ankara tehran london paris berlin "
    "jerusalem baghdad kabul riyadh cairo minsk tbilisi yerevan baku islamabad delhi "
    "tokyo seoul pyongyang"
)

_SPELLING = {
    "defence": "Defense",
    "centre": "Center",
    "organisation": "Organization",
    "programme": "Program",
}
_TIME_WORDS = _MONTHS | _WEEKDAYS | _words("today yesterday tonight earlier later")

_MENTION_TITLES = _words(
    "President Premier Minister Governor Gov. Mayor General Gen. Colonel Col. Lt. Maj. Major "
    "Captain Capt. Sgt. Sergeant Dr. Mr. Mrs. Ms. Sheriff Chief Commander Senator Sen. Rep. "
    "Judge Prosecutor Dr Mr Mrs Ms Pastor Father Rev. Reverend Imam Rabbi Bishop Archbishop "
    "Officer Detective Det. Inspector Insp. Superintendent Supt. Coach Principal Professor "
    "Prof. Dean Commissioner Councillor Councilman Councilwoman Trooper Ambassador "
    "Lieutenant Lt"
)
_MENTION_ROLES = _words(
    "spokesman spokeswoman spokesperson minister governor mayor president commander chief "
    "journalist reporter correspondent official analyst resident witness doctor lawyer prosecutor"
)


# --------------------------------------------------------------------------
# Reporting verbs
# --------------------------------------------------------------------------

_FINITE_VERBS = _words(
    "said says say told tells added adds confirmed confirms stated announced announces "
    "reported reports claimed claims insisted insists noted explained explains wrote writes "
    "tweeted posted warned warns stressed stresses denied denies acknowledged acknowledges "
    "alleged alleges estimated declared declares asserted asserts argued argues maintained "
    "maintains admitted admits quoted cited reporting"
)
_PARTICIPLES = _words(
    "saying adding claiming stressing insisting noting warning arguing alleging explaining "
    "denying confirming acknowledging citing quoting telling"
)


# --------------------------------------------------------------------------
# Numbers and qualifiers
# --------------------------------------------------------------------------

_UNITS = {
    w: i
    for i, w in enumerate(
        _in_order(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen "
            "fourteen fifteen sixteen seventeen eighteen nineteen"
        )
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate(
        _in_order("twenty thirty forty fifty sixty seventy eighty ninety"),
        2,
    )
}
_VAGUE_ONE = {
    "dozens": (24, 99),
    "scores": (40, 199),
    "hundreds": (200, 999),
    "thousands": (2000, 9999),
    "several": (3, 9),
    "millions": (2_000_000, None),
}
# (words, kind); longest first where prefixes overlap.
_QUALIFIERS = [
    (("an", "unknown", "number", "of"), "unknown"),
    (("an", "undisclosed", "number", "of"), "unknown"),
    (("an", "unspecified", "number", "of"), "unknown"),
    (("an", "undetermined", "number", "of"), "unknown"),
    (("a", "number", "of"), "unknown"),
    (("no", "fewer", "than"), "min"),
    (("no", "less", "than"), "min"),
    (("no", "more", "than"), "max"),
    (("a", "minimum", "of"), "min"),
    (("a", "maximum", "of"), "max"),
    (("a", "total", "of"), "exact"),
    (("as", "many", "as"), "max"),
    (("at", "least"), "min"),
    (("at", "most"), "max"),
    (("more", "than"), "gt"),
    (("over",), "gt"),
    (("up", "to"), "max"),
    (("fewer", "than"), "lt"),
    (("less", "than"), "lt"),
    (("under",), "lt"),
    (("an", "estimated"), "approx"),
    (("about",), "approx"),
    (("around",), "approx"),
    (("approximately",), "approx"),
    (("roughly",), "approx"),
    (("some",), "approx"),
    (("estimated",), "approx"),
    (("nearly",), "nearly"),
    (("almost",), "nearly"),
    (("close", "to"), "nearly"),
    (("another",), "exact"),
    (("a", "further"), "exact"),
    (("only",), "exact"),
    (("just",), "exact"),
    (("all",), "all"),
    (("between",), "between"),
]


# --------------------------------------------------------------------------
# People and what happened to them
# --------------------------------------------------------------------------

_PEOPLE = _words(
    "people persons civilians soldiers troops servicemen servicewomen servicemembers "
    "officers policemen policewomen police crew crewmen crewmembers members pilots "
    "co-pilots copilots passengers children kids women men adults students pupils "
    "schoolchildren workers miners firefighters firemen rescuers residents villagers "
    "tourists migrants refugees fighters militants rebels insurgents jihadists gunmen "
    "attackers assailants protesters protestors demonstrators worshippers pilgrims patients "
    "doctors nurses medics paramedics journalists reporters staff employees guards sailors "
    "seamen marines airmen relatives climbers hikers mountaineers fishermen swimmers divers "
    "drivers motorists pedestrians cyclists commuters spectators fans guests teenagers "
    "teens boys girls babies infants toddlers elderly personnel peacekeepers contractors "
    "volunteers officials cadets recruits conscripts paratroopers commandos sappers skiers "
    "shoppers diners churchgoers parishioners farmers herders laborers labourers traders "
    "vendors bystanders onlookers occupants evacuees individuals newborns inmates prisoners "
    "detainees hostages victims survivors casualties fatalities deaths bodies injuries "
    "others family families americans britons trekkers backpackers campers sunbathers "
    "beachgoers holidaymakers vacationers travellers travelers visitors partygoers "
    "concertgoers clubgoers revellers revelers mourners locals inhabitants citizens "
    "nationals foreigners expatriates emigrants immigrants asylum-seekers fishers crews "
    "seafarers mariners troopers policemen gendarmes militiamen combatants servicepeople "
    "lawmakers voters pensioners retirees schoolboys schoolgirls teachers miners "
    "workers labourers loggers construction-workers guides porters navigators parents "
    "sons daughters brothers sisters wives husbands nephews nieces cousins grandchildren "
    "grandparents classmates colleagues neighbors neighbours friends suspects shooters "
    "devotees worshipers congregants deputies agents troopers motorcyclists riders youths "
    "youngsters minors juveniles homeowners tenants marchers rioters looters hunters "
    "athletes players engineers technicians builders bodyguards monks nuns priests clerics "
    "missionaries activists supporters leaders commanders politicians diplomats ministers "
    "judges lawyers convicts staffers truckers passers-by passersby spouses siblings "
    "grandsons granddaughters terrorists bandits extremists separatists smugglers "
    "attendants stewards stewardesses conductors"
)
_PEOPLE_SINGULAR = _words(
    "person civilian soldier serviceman servicewoman officer policeman policewoman member "
    "pilot co-pilot copilot passenger child kid woman man boy girl baby infant toddler "
    "teenager teen student worker miner firefighter fireman rescuer resident villager "
    "tourist migrant refugee fighter militant rebel gunman attacker assailant protester "
    "demonstrator worshipper pilgrim patient doctor nurse medic paramedic journalist "
    "reporter guard sailor marine hostage inmate prisoner driver motorist pedestrian "
    "cyclist passerby bystander farmer employee volunteer peacekeeper contractor official "
    "cadet conscript climber hiker fisherman swimmer diver commuter spectator fan guest "
    "occupant individual victim survivor crewman crewmember airman trekker backpacker "
    "camper visitor traveller traveler citizen foreigner mourner pensioner "
    "teacher schoolboy schoolgirl gendarme militiaman combatant guide porter navigator "
    "mother father son daughter brother sister wife husband nephew niece cousin uncle aunt "
    "grandmother grandfather grandson granddaughter grandchild parent suspect shooter "
    "classmate colleague neighbor neighbour friend captain deputy agent trooper youth minor "
    "relative motorcyclist rider homeowner tenant worshiper marcher engineer technician "
    "monk nun priest cleric pastor activist commander politician lawyer judge diplomat "
    "athlete player shopper vendor trader newborn veteran spouse sibling couple "
    "sister-in-law brother-in-law mother-in-law father-in-law son-in-law daughter-in-law "
    "terrorist bandit attendant steward stewardess conductor"
)

# Head nouns that carry their own category.
_HEAD_CATEGORY = {
    "deaths": "killed",
    "fatalities": "killed",
    "bodies": "killed",
    "injuries": "injured",
    "casualties": "other",
    "victims": "other",
    "survivors": "other",
    "hostages": "other",
    "cases": "other",
    "infections": "other",
}

_CATEGORY_WORDS = {
    "killed": "killed",
    "dead": "killed",
    "died": "killed",
    "die": "killed",
    "dies": "killed",
    "perished": "killed",
    "slain": "killed",
    "murdered": "killed",
    "executed": "killed",
    "drowned": "killed",
    "deaths": "killed",
    "fatalities": "killed",
    "fatally": "killed",
    "injured": "injured",
    "wounded": "injured",
    "hurt": "injured",
    "injuries": "injured",
    "hospitalized": "injured",
    "hospitalised": "injured",
    "missing": "missing",
    "unaccounted": "missing",
    "disappeared": "missing",
    "aboard": "aboard",
    "onboard": "aboard",
    "casualties": "other",
    "victims": "other",
    "trapped": "other",
    "rescued": "other",
    "evacuated": "other",
    "displaced": "other",
    "homeless": "other",
    "survived": "other",
    "stranded": "other",
    "kidnapped": "other",
    "abducted": "other",
    "shot": "other",
    "alive": "other",
    "hostage": "other",
    "unharmed": "other",
    "unhurt": "other",
    "uninjured": "other",
    "treated": "injured",
    "stabbed": "injured",
    "hospitalizations": "injured",
    "hospitalisations": "injured",
    "electrocuted": "killed",
    "suffocated": "killed",
    "asphyxiated": "killed",
    "relocated": "other",
    "resettled": "other",
    "sickened": "other",
    "infected": "other",
    "poisoned": "other",
    "escaped": "other",
    "succumbed": "killed",  # "three others succumbed to their injuries"
}
# Multi-word category phrases: (words, category).
_CATEGORY_PHRASES = [
    (("lost", "their", "lives"), "killed"),
    (("lost", "his", "life"), "killed"),
    (("lost", "her", "life"), "killed"),
    (("shot", "dead"), "killed"),
    (("found", "dead"), "killed"),
    (("burned", "to", "death"), "killed"),
    (("burnt", "to", "death"), "killed"),
    (("stabbed", "to", "death"), "killed"),
    (("crushed", "to", "death"), "killed"),
    (("beaten", "to", "death"), "killed"),
    (("taken", "to", "hospital"), "injured"),
    (("taken", "to", "the", "hospital"), "injured"),
    (("taken", "to", "hospitals"), "injured"),
    (("in", "hospital"), "injured"),
    (("in", "critical", "condition"), "injured"),
    (("in", "serious", "condition"), "injured"),
    (("treated", "for"), "injured"),
    (("suffered", "injuries"), "injured"),
    (("sustained", "injuries"), "injured"),
    (("suffered", "burns"), "injured"),
    (("on", "board"), "aboard"),
    (("killed", "or", "wounded"), "other"),
    (("killed", "or", "injured"), "other"),
    (("dead", "or", "wounded"), "other"),
    (("dead", "or", "injured"), "other"),
    (("killed", "and", "wounded"), "other"),
    (("killed", "and", "injured"), "other"),
    (("ejected", "safely"), "other"),
    (("escaped", "unhurt"), "other"),
    (("moved", "to", "shelters"), "other"),
    (("moved", "to", "safety"), "other"),
    (("in", "shelters"), "other"),
    (("in", "temporary", "shelters"), "other"),
    (("in", "evacuation", "centers"), "other"),
    (("in", "evacuation", "centres"), "other"),
    (("spent", "the", "night", "in", "shelters"), "other"),
    (("fled", "their", "homes"), "other"),
    (("left", "homeless"), "other"),
    (("lost", "their", "homes"), "other"),
    (("pulled", "out", "alive"), "other"),
    (("pulled", "alive"), "other"),
    (("sought", "refuge"), "other"),
    (("sought", "shelter"), "other"),
    (("took", "refuge"), "other"),
    (("moved", "out", "of", "their", "homes"), "other"),
    (("forced", "from", "their", "homes"), "other"),
    (("forced", "to", "flee"), "other"),
    (("left", "their", "homes"), "other"),
    (("taken", "hostage"), "other"),
    (("held", "hostage"), "other"),
    (("shot", "and", "killed"), "killed"),
    (("shot", "and", "wounded"), "injured"),
    (("shot", "and", "injured"), "injured"),
    (("stabbed", "and", "killed"), "killed"),
    (("trampled", "to", "death"), "killed"),
    (("to", "hospital"), "injured"),
    (("to", "hospitals"), "injured"),
    (("to", "the", "hospital"), "injured"),
    (("to", "a", "hospital"), "injured"),
    (("to", "local", "hospitals"), "injured"),
    (("to", "nearby", "hospitals"), "injured"),
    (("to", "area", "hospitals"), "injured"),
    (("in", "stable", "condition"), "injured"),
    (("in", "a", "stable", "condition"), "injured"),
    (("in", "a", "serious", "condition"), "injured"),
    (("in", "a", "critical", "condition"), "injured"),
    (("in", "good", "condition"), "injured"),
    (("in", "fair", "condition"), "injured"),
    (("in", "grave", "condition"), "injured"),
    (("in", "life-threatening", "condition"), "injured"),
    (("in", "a", "life-threatening", "condition"), "injured"),
    (("in", "intensive", "care"), "injured"),
    (("on", "life", "support"), "injured"),
    (("fell", "ill"), "other"),
    (("fallen", "ill"), "other"),
    (("became", "ill"), "other"),
    (("died", "or", "gone", "missing"), "other"),
    (("died", "or", "went", "missing"), "other"),
    (("dead", "or", "missing"), "other"),
    (("killed", "or", "missing"), "other"),
    (("killed", "or", "captured"), "other"),
    (("under", "the", "rubble"), "other"),
    (("under", "the", "debris"), "other"),
    (("under", "rubble"), "other"),
    (("from", "the", "rubble"), "other"),
    (("from", "the", "ruins"), "other"),
    (("from", "the", "debris"), "other"),
    (("from", "the", "wreckage"), "other"),
    (("from", "their", "homes"), "other"),
    (("told", "to", "leave"), "other"),
    (("told", "to", "evacuate"), "other"),
    (("ordered", "to", "leave"), "other"),
    (("ordered", "to", "evacuate"), "other"),
    (("urged", "to", "leave"), "other"),
    (("spent", "the", "night"), "other"),
    (("on", "the", "boat"), "aboard"),
    (("on", "the", "vessel"), "aboard"),
    (("on", "the", "ship"), "aboard"),
    (("on", "the", "ferry"), "aboard"),
    (("on", "the", "plane"), "aboard"),
    (("on", "the", "flight"), "aboard"),
    (("on", "the", "bus"), "aboard"),
    (("on", "the", "train"), "aboard"),
    (("out", "of", "their", "homes"), "other"),
    (("shot", "down"), ""),  # aircraft, not people
    (("could", "not", "be", "revived"), "killed"),
]
# Verbs that take the counted people as their object ("killing two pilots").
_BACK_VERBS = {
    # military statements: "neutralised 37 terrorists", "eliminated 120 fighters"
    "neutralised": "killed",
    "neutralized": "killed",
    "neutralising": "killed",
    "neutralizing": "killed",
    "eliminated": "killed",
    "eliminating": "killed",
    "killing": "killed",
    "killed": "killed",
    "kill": "killed",
    "kills": "killed",
    "injuring": "injured",
    "injured": "injured",
    "injures": "injured",
    "wounding": "injured",
    "wounded": "injured",
    "wounds": "injured",
    "hurting": "injured",
    "evacuated": "other",
    "evacuating": "other",
    "rescued": "other",
    "rescuing": "other",
    "displaced": "other",
    "displacing": "other",
    "trapping": "other",
    "trapped": "other",
    "carrying": "aboard",
    "carried": "aboard",
    "carries": "aboard",
    "burying": "other",
    "buried": "other",
    "treating": "injured",
    "treated": "injured",
    "pulled": "other",
    "lost": "other",  # an army "lost 1,120 soldiers killed or wounded"; kin: _backward_category
    "losing": "other",
    "sickened": "other",
    "sickening": "other",
    "infected": "other",
    "infecting": "other",
    "driven": "other",
    "driving": "other",
    "forced": "other",
    "forcing": "other",
    "stabbed": "injured",
    "stabbing": "injured",
}
_GROUP_NOUNS = _words("family group party")
# Epidemic counts: "11,873 suspected cases", "new infections"
_CASE_NOUNS = _words("cases infections")
_CARE_PLACES = _words("hospital hospitals clinic infirmary medical trauma burn burns")

_POSSESSIVES = _words("his her their my our its")


# --------------------------------------------------------------------------
# Where a count may start (see numbers._count_starts)
# --------------------------------------------------------------------------

# A count starts with one of these words or a digit.
_ARTICLES = _words("a an the")
_NUMBER_WORD_SET = frozenset(_UNITS) | frozenset(_TENS) | frozenset(_VAGUE_ONE) | {"both"}
_COUNT_WORDS = _NUMBER_WORD_SET | {"another", "all"}
_ONE_WORD_QUALIFIERS = frozenset(w[0] for w, _ in _QUALIFIERS if len(w) == 1)
_LONG_QUALIFIERS = [w for w, _ in _QUALIFIERS if len(w) > 1] + [("tens", "of"), ("half", "a")]
_LONG_QUALIFIER_FIRST = frozenset(w[0] for w in _LONG_QUALIFIERS)
_POSSESSIVE_STARTS = frozenset({"his", "her", "their", "my", "our"})

_START_WORDS = (
    _COUNT_WORDS | _LONG_QUALIFIER_FIRST | _ONE_WORD_QUALIFIERS | _ARTICLES | _POSSESSIVE_STARTS
)


# --------------------------------------------------------------------------
# Records and hedges: what the tokenizer looks out for
# --------------------------------------------------------------------------

# The words a record statement needs one of ("most" for "most deadly").
_RECORD_WORDS = _words(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "deadliest worst biggest largest highest lowest heaviest bloodiest strongest most longest "
    "fastest"
)

# Every hedge holds a word starting with one of these; "made public", "appeared to
# show" and "under investigation" are found by their last word, and "not (yet)
# said" by "said" after "not".
_HEDGE_STEMS = _words(
    "verif confirm corroborat authenticat reveal disclos identif releas determin establish "
    "ascertain clear unclear known unknown evidence proof allegedly reportedly purportedly "
    "supposedly apparently unverified unconfirmed alleged purported unsubstantiated "
    "independent named public show investigat toll figure details reconcil"
)
_NOT_SAID_STEMS = ("said", "say", "specif", "explain")
