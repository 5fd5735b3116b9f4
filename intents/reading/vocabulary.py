"""Words that are never read as a drug name.

A word of a question that is neither in here nor a known name is a candidate drug name: it is
matched fuzzily, and if nothing matches it is reported as "not found in the loaded documents".
"""

from __future__ import annotations

from intents.reading.payers import payer_words

_ENGLISH = """
a about above after again against all allowed also am an and any anyone anything are as ask asking at
available back be because been before being below between both but by can cannot could covered
coverage covers current currently did do does doing done dont don't down during each either else
every find first for from get gets getting give go goes going got had has have having he her here
hers him his how i if in into is isn it its itself just know let like look looking make many may
me might more most much must my need needed needs new next no nor not now of off ok okay on once
one only or other our out over own please possible pt pts put quick quickly re really right same
say see send sent she should show so some still such sure take tell than thank thanks that the
their them then there these they this those through to too under until up us use used using very
want was way we well were what whats what's when where whether which while who whom whose why will
with within without would yes yet you your yours hi hello hey thx ty pls plz u r ur via per vs
another again check checking confirm confirmed question questions info information details detail
wondering wonder trying try okay fine good great hmm um uh still even ever never always today
tomorrow yesterday week month year years day days time times number numbers first second third
under over able anybody someone somebody something nothing everything doc docs document documents
list lists listed listing on off part included include includes including inclusion apply applies
applied subject managed manage manages management handled handle handles go goes through thru
kind type types sort thing things stuff way ways option options alternative alternatives
"""

_DOMAIN = """
precert precerts precertification precertified pre-cert pre-certification prior auth auths preauth
authorization authorizations authorisation authorize authorized approval approve approved approvals
pa pas required require requires requirement requirements requiring needed necessity necessary
medically medical criteria criterion policy policies coverage covered benefit benefits plan plans
pharmacy specialty drug drugs medication medications med meds therapy therapies treatment
treatments infusion infusions infuse infused infusing injection injections injectable injectables
inject home homecare hit site sites care sco sco+ plus options program programs evicore evi core
cigna oncology oncologic cancer chemo chemotherapy gene genetic cellular cell cells car-t car t
hospital outpatient inpatient office physician clinic ambulatory center centre suite facility
facilities redirect redirection redirected less intensive setting settings lower higher level
transition transitional period days 30-day thirty continuity regimen regime six months month
phone fax email e-mail call calling contact contacts number hours hour open website web portal url
online address line team who reach submit submitting request requests requesting form forms
code codes hcpcs cpt j-code jcode billing bill billed billable unit units mg dose dosing
added add date dates effective since when start started starting begin beginning updated update
old latest version source sources citation cite
patient patients member members customer customers provider providers doctor md nurse nurses rn
commercial lob line business medicare medicaid
rems contracted contract contracts agreement single case embarc exception exceptions one-time
about tell info help usage example examples commands command
brand generic biosimilar biosimilars name names called
iv sq subq sub-q sc im oral intravenous subcutaneous intramuscular tablet tablets
at home-infusion self administered administration administer administering given give
yes no maybe true false
dme health healthcare ivig scig igiv ig lifesource
referral referrals upload uploads hopd acls premedication premedications
ii iii iv vi vii viii ix x xi xii xiii
"""

# What people type in chat that is neither a dictionary word nor a name: contractions without their
# apostrophe, shorthand, clinical abbreviations. Without these they would be reported as unknown drugs.
_CHAT = """
doesnt dont cant isnt wont didnt shouldnt wouldnt couldnt arent hasnt havent wasnt werent im ive
youre thats whats wheres hows theres lets
asap tmrw tmr fyi btw imo idk thx tia pls plz pt pts dx hx rx tx sx fu f/u w/ w/o wrt re
http https www com org
nsclc sclc crc hcc rcc aml cll cml all mm nhl dlbcl mds crohns uc ra psa ms nmosd pnh ahus gmg sma
dmd hae pid cidp itp macular amd dme wamd osteoporosis oncology hem onc heme
infusions infusing infuser reauth reauths renewal renewals peds pediatric urgent stat
dept depts appt appts approx mgr reqs req hosp
copay copays copayment coinsurance deductible deductibles oop eob eobs npi tin eligibility preauths
reimbursement reimbursements
"""

# Salts, forms and other words common to many generic names: never a drug on their own.
_GENERIC_PARTS = """
hcl acetate sodium disodium mesylate malate s-malate phosphate citrate tosylate maleate dimaleate
fumarate succinate camsylate sulfate ditosylate dimeglumine hydrobromide calcium liposome liposomal
lipos protein-bound depot lar liquid human recombinant recomb alfa alpha beta gamma injection for
suspension powder immune globulin intravenous subcutaneous infusion and with pegol acid inhibitor
proteinase factor complex concentrate extended-release release bovine vedotin hyaluronidase
"""

STOPWORDS: frozenset[str] = frozenset((_ENGLISH + _DOMAIN + _CHAT).split()) | payer_words()
DOMAIN_WORDS: frozenset[str] = frozenset(_DOMAIN.split())
# Roman numerals name clotting factors ('factor viii'): not names, but telling in a code description.
ROMAN_NUMERALS = frozenset(["ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii"])
# Words every home-infusion description has, which tell none apart.
DESCRIPTION_FILLER = frozenset(["hit", "diem", "inj", "injection", "mg", "nos", "per", "moved", "program"])
# Long forms of what the home-infusion list abbreviates ('HIT Cont Anticoag Diem'); with English words,
# the only words matched to a description by its abbreviation.
_SERVICE = """
anticoagulation anticoagulant anticoagulants antiemetic antiemetics antispasmodic antispasmodics
chelation hydration tocolysis tocolytic tocolytics sympathomimetic sympathomimetics diuretic diuretics
immunoglobulin immunoglobulins parenteral enteral continuous intermittent implanted management
"""
SERVICE_WORDS = frozenset(_SERVICE.split())
# Domain words that are also what a home-infusion row is about ('ivig home infusion').
DESCRIPTION_TERMS = ROMAN_NUMERALS | {"ivig", "scig"}
GENERIC_PARTS: frozenset[str] = frozenset(_GENERIC_PARTS.split())
