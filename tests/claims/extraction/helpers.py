"""The seed article and the lookups the extractor's tests share."""

from claims.extraction import Candidate, extract

SEED_TITLE = "Russian helicopter on Aleppo aid mission shot down, all 5 aboard dead"

# The seed article's canonical body: everything after the date line, markdown
# emphasis removed, the two "READ MORE" link lines removed, quotation marks kept.
SEED_BODY = "\n\n".join(
    [
        (
            "A Russian Mi-8 helicopter has been shot down by ground fire in Syria following "
            "delivery of humanitarian supplies to Aleppo, the Defense Ministry said. Three crew "
            "and two officers from Russia's Reconciliation Center died, according to a Kremlin "
            "statement."
        ),
        (
            '"On August 1, an Mi-8 transport helicopter has been shot down by ground fire in '
            "Idlib province after a delivery of humanitarian aid to the city of Aleppo. Three "
            "crew members and two officers from the Russian Reconciliation Center in Syria were "
            'on board," the Defense Ministry said in a statement.'
        ),
        (
            "The helicopter was returning to the Russian air base at Khmeimim, the statement "
            "added. The ministry has not yet revealed identities of those on board."
        ),
        (
            "The Russian Reconciliation Center in Syria has operated at Khmeimim air base since "
            "February. It contributes to peace talks between Syrian government and moderate "
            "opposition factions not aligned with IS, Al-Nusra Front or other terrorist groups."
        ),
        (
            "The center also oversees ceasefire agreements between belligerent parties and "
            "delivery of humanitarian supplies to various parts of Syria."
        ),
        (
            "Kremlin spokesman Dmitry Peskov confirmed in a statement later in the day that all "
            "those on board are dead."
        ),
        (
            '"Those on board the helicopter were killed, as we learned from the Defense '
            "Ministry's report. They died heroically as [the crew] tried to divert the helicopter "
            'to minimize casualties on the ground," Peskov said, adding the Mi-8 had been on a '
            "humanitarian mission."
        ),
        (
            '"The Kremlin conveys its deep condolences to the families of those killed in '
            'action," he added.'
        ),
        (
            "Shortly after the crash, a number of on-the-spot videos have emerged online, "
            "allegedly showing helicopter debris, including a tail rotor and parts of the "
            "fuselage. At the moment, RT cannot verify authenticity of those videos."
        ),
        (
            "Last week the Syrian government and Russia launched an effort to evacuate civilians "
            "wishing to leave Aleppo, establishing safe corridors and providing food, medical "
            "assistance and transport for those who chose to use them. Scores of people, mostly "
            "women and children, rushed to abandon the battered city, which has been contested by "
            "several armed forces."
        ),
        (
            "The Syrian opposition decried the move, claiming it was an attempt to depopulate the "
            "city, a part of which remains one of its strongholds."
        ),
        (
            "The Syrian Army has lost several aircraft over the last two months, indicating that "
            "militants may have received new anti-aircraft weapons lately, freelance journalist "
            "Alaa Ibrahim told RT."
        ),
        (
            "\"I've heard some local sources where the [Russian] helicopter was downed speaking of "
            "the possibility of MANPADs – shoulder-mounted surface-to-air missiles – being used "
            'in that context," he said.'
        ),
        (
            "Portable surface-to-air missiles would be a game changer in the hands of the rebel "
            "forces, as they counter the Syrian Army's air superiority. Providing such weapons "
            "would be a risky move for a foreign nation, considering the previous record of "
            "unintended weapons transfers."
        ),
        (
            "It is the third Russian helicopter lost in action in Syria this year. In July, an "
            "Mi-25 attack chopper was shot down near Palmyra, killing two Russian pilots. The "
            "aircraft had been engaging the advancing Islamic State (IS, formerly ISIS/ISIL) "
            "militants at the Syrian Army's request when it was taken down, according to the "
            "Russian Defense Ministry."
        ),
        (
            "In April, an Mi-28N attack helicopter crashed while performing a flight near the "
            "city of Homs, with the Defense Ministry stressing it was not shot down. The crash "
            "left both pilots dead, with technical failure cited by Moscow as the likely cause of "
            "the accident."
        ),
        (
            "Last October, another Mi-8 helicopter was badly damaged and then destroyed by IS "
            "fighters after an emergency landing in the middle of search and rescue operation to "
            "extract a surviving co-pilot of a Su-24M bomber jet shot which was down by a Turkish "
            "Air Force F-16."
        ),
    ]
)


def of_kind(text: str, kind: str) -> list[Candidate]:
    return [c for c in extract(text) if c.kind == kind]


def only(text: str, kind: str) -> Candidate:
    found = of_kind(text, kind)
    assert len(found) == 1, [c.exact for c in found]
    return found[0]


def find(candidates: list[Candidate], kind: str, exact: str) -> Candidate:
    """The candidate of ``kind`` whose span contains ``exact``."""
    matches = [c for c in candidates if c.kind == kind and exact in c.exact]
    assert matches, f"no {kind} containing {exact!r} in {[c.exact for c in candidates]}"
    return min(matches, key=lambda c: len(c.exact))
