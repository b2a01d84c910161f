#!/usr/bin/env python3
"""gen_countries.py -- drafts data/actors/countries.txt.

Names come from Debian data: iso-codes (English names of ISO 3166-1) and
Unicode CLDR (French and English territory names). Adjectives, demonyms,
capitals and extra names are the hand-written TABLE below. The output is a
draft meant to be edited by hand afterwards; the loader checks it.

    python3 scripts/gen_countries.py > data/actors/countries.txt
"""
import json
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET

ISO = "/usr/share/iso-codes/json/iso_3166-1.json"
CLDR = "/usr/share/unicode/cldr/common/main/%s.xml"

# code | fr adj | en adj | fr seat | en seat (empty: same as fr) | fr names | en names
#      | fr people (empty: from fr adj) | en people (empty: en adj + s when it ends in -an/-i; '-': none)
# Alternatives are separated by '/'. A code starting with '~' is a territory
# (not a sovereign state): adjectives and seats are optional.
TABLE = r"""
~ABW|arubais{,e,es}|Aruban|Oranjestad||||
AFG|afghan{,e,s,es}|Afghan|Kaboul|Kabul|||
AGO|angolais{,e,es}|Angolan|Luanda||||
~AIA|anguillais{,e,es}|Anguillan|||||
~ALA|ålandais{,e,es}|Ålander|Mariehamn||||
ALB|albanais{,e,es}|Albanian|Tirana/Tirane|Tirana|||
AND|andorran{,e,s,es}|Andorran|Andorre-la-Vieille|Andorra la Vella|||
ARE|émirati{,e,s,es}|Emirati|Abou Dhabi/Abu Dhabi|Abu Dhabi|EAU/Émirats/Émirats arabes unis|UAE/Emirates||
ARG|argentin{,e,s,es}|Argentine/Argentinian|Buenos Aires/Casa Rosada|Buenos Aires/Casa Rosada|||Argentines/Argentinians
ARM|arménien{,ne,s,nes}|Armenian|Erevan/Yerevan|Yerevan|||
~ASM|samoan{,e,s,es} américain{,e,s,es}|American Samoan|Pago Pago||||
~ATA|antarctique{,s}|Antarctic|||Antarctique|Antarctica||-
~ATF|||||TAAF|||
ATG|antiguais{,e,es}|Antiguan|Saint John's|Saint John's/St. John's||Antigua|
AUS|australien{,ne,s,nes}|Australian|Canberra||||Aussies
AUT|autrichien{,ne,s,nes}|Austrian|Vienne|Vienna|||
AZE|azerbaïdjanais{,e,es}/azéri{,e,s,es}|Azerbaijani/Azeri|Bakou|Baku|||Azerbaijanis/Azeris
BDI|burundais{,e,es}|Burundian|Gitega/Bujumbura|Gitega/Bujumbura|||
BEL|belge{,s}|Belgian|Bruxelles|Brussels|||
BEN|béninois{,e,es}|Beninese|Porto-Novo/Cotonou|Porto-Novo/Cotonou|||-
~BES|||Kralendijk|||Caribbean Netherlands||
BFA|burkinabè{,s}|Burkinabe|Ouagadougou/Ouaga|Ouagadougou|||Burkinabes
BGD|bangladais{,e,es}|Bangladeshi|Dacca/Dhaka|Dhaka|||
BGR|bulgare{,s}|Bulgarian|Sofia||||
BHR|bahreïni{,e,s,es}/bahreïnien{,ne,s,nes}|Bahraini|Manama||||
BHS|bahaméen{,ne,s,nes}|Bahamian|Nassau||||
BIH|bosnien{,ne,s,nes}/bosniaque{,s}|Bosnian|Sarajevo||Bosnie|Bosnia/Bosnia-Herzegovina||
~BLM|barthélemois{,e,es}|Saint-Barth|Gustavia||Saint-Barth|St. Barts||-
BLR|biélorusse{,s}/bélarusse{,s}|Belarusian|Minsk||||
BLZ|bélizien{,ne,s,nes}|Belizean|Belmopan||||
~BMU|bermudien{,ne,s,nes}|Bermudian|||Bermudes|||
BOL|bolivien{,ne,s,nes}|Bolivian|La Paz/Sucre|La Paz/Sucre|||
BRA|brésilien{,ne,s,nes}|Brazilian|Brasilia/Planalto|Brasilia/Planalto|||
BRB|barbadien{,ne,s,nes}|Barbadian/Bajan|Bridgetown||||
BRN|brunéien{,ne,s,nes}|Bruneian|Bandar Seri Begawan||||
BTN|bhoutanais{,e,es}|Bhutanese|Thimphou|Thimphu|||-
~BVT||||||||
BWA|botswanais{,e,es}|Botswanan/Motswana|Gaborone||||Batswana
CAF|centrafricain{,e,s,es}|Central African|Bangui||Centrafrique/RCA|CAR||
CAN|canadien{,ne,s,nes}|Canadian|Ottawa||||
~CCK||||||||
CHE|suisse{,s}/helvétique{,s}|Swiss|Berne|Bern/Berne|Confédération helvétique||Suisses|-
CHL|chilien{,ne,s,nes}|Chilean|Santiago/Santiago du Chili|Santiago|||
CHN|chinois{,e,es}|Chinese|Pékin/Beijing/Zhongnanhai|Beijing/Peking/Zhongnanhai|RPC/République populaire de Chine/Chine populaire|PRC/Mainland China||-
CIV|ivoirien{,ne,s,nes}|Ivorian|Yamoussoukro/Abidjan|Yamoussoukro/Abidjan|Côte d'Ivoire|Côte d'Ivoire/Ivory Coast||
CMR|camerounais{,e,es}|Cameroonian|Yaoundé||||
COD|congolais{,e,es}/rd-congolais{,e,es}|Congolese|Kinshasa||RDC/RD Congo/République démocratique du Congo/Congo-Kinshasa|DRC/DR Congo/Democratic Republic of Congo/Democratic Republic of the Congo/Congo-Kinshasa||-
COG|brazzavillois{,e,es}|Congo-Brazzaville|Brazzaville||Congo/République du Congo/Congo-Brazzaville|Congo/Republic of Congo/Republic of the Congo/Congo-Brazzaville||-
~COK|cookien{,ne,s,nes}|Cook Islander|Avarua||||-
COL|colombien{,ne,s,nes}|Colombian|Bogota/Casa de Nariño|Bogota/Casa de Nariño|||
COM|comorien{,ne,s,nes}|Comorian|Moroni||||
CPV|cap-verdien{,ne,s,nes}|Cape Verdean|Praia||||
CRI|costaricien{,ne,s,nes}/costaricain{,e,s,es}|Costa Rican|San José||||
CUB|cubain{,e,s,es}|Cuban|La Havane|Havana|||
~CUW|curacien{,ne,s,nes}|Curaçaoan|Willemstad||Curaçao|Curaçao||
~CXR||||||||
~CYM|caïmanais{,e,es}|Caymanian|||||
CYP|chypriote{,s}/cypriote{,s}|Cypriot|Nicosie|Nicosia|||
CZE|tchèque{,s}|Czech|Prague||Tchéquie/République tchèque|Czechia/Czech Republic||Czechs
DEU|allemand{,e,s,es}|German|Berlin/Chancellerie fédérale||RFA|FRG||
DJI|djiboutien{,ne,s,nes}|Djiboutian|Djibouti||||
DMA|dominiquais{,e,es}|Dominica|Roseau||||-
DNK|danois{,e,es}|Danish|Copenhague|Copenhagen|||Danes
DOM|dominicain{,e,s,es}|Dominican|Saint-Domingue|Santo Domingo|||
DZA|algérien{,ne,s,nes}|Algerian|Alger|Algiers|||
ECU|équatorien{,ne,s,nes}|Ecuadorian/Ecuadorean|Quito||||
EGY|égyptien{,ne,s,nes}|Egyptian|Le Caire|Cairo|||
ERI|érythréen{,ne,s,nes}|Eritrean|Asmara||||
~ESH|sahraoui{,e,s,es}|Sahrawi/Saharawi|Laâyoune|Laayoune/El Aaiún||Western Sahara||
ESP|espagnol{,e,s,es}|Spanish|Madrid/Moncloa|Madrid/Moncloa|||Spaniards
EST|estonien{,ne,s,nes}|Estonian|Tallinn||||
ETH|éthiopien{,ne,s,nes}|Ethiopian|Addis-Abeba/Addis Abeba|Addis Ababa|||
FIN|finlandais{,e,es}|Finnish|Helsinki||||Finns
FJI|fidjien{,ne,s,nes}|Fijian|Suva||||
~FLK|falklandais{,e,es}|Falklander|||Malouines|Falklands||Falklanders
FRA|français{,e,es}|French|Paris/Élysée/Matignon/Quai d'Orsay||Hexagone||Français|-
~FRO|féroïen{,ne,s,nes}|Faroese|Tórshavn||Féroé|Faroes||-
FSM|micronésien{,ne,s,nes}|Micronesian|Palikir||Micronésie|Micronesia||
GAB|gabonais{,e,es}|Gabonese|Libreville||||-
GBR|britannique{,s}|British/UK|Londres/Downing Street/Whitehall|London/Downing Street/Whitehall|Royaume-Uni/Grande-Bretagne/Angleterre|UK/Britain/Great Britain/United Kingdom|Britannique{,s}|Britons
GEO|géorgien{,ne,s,nes}|Georgian|Tbilissi|Tbilisi|||
~GGY|guernesiais{,e,es}||Saint-Pierre-Port|St Peter Port||||-
GHA|ghanéen{,ne,s,nes}|Ghanaian|Accra||||
~GIB|gibraltarien{,ne,s,nes}|Gibraltarian|||||
GIN|guinéen{,ne,s,nes}|Guinean|Conakry||Guinée-Conakry|Guinea-Conakry||
~GLP|guadeloupéen{,ne,s,nes}|Guadeloupean|Basse-Terre||||
GMB|gambien{,ne,s,nes}|Gambian|Banjul||||
GNB|bissau-guinéen{,ne,s,nes}|Bissau-Guinean|Bissau||||
GNQ|équato-guinéen{,ne,s,nes}|Equatorial Guinean/Equatoguinean|Malabo||||
GRC|grec{,s}/grecque{,s}|Greek|Athènes|Athens|||Greeks
GRD|grenadien{,ne,s,nes}|Grenadian|Saint George's|St. George's/Saint George's|||
~GRL|groenlandais{,e,es}|Greenlandic|Nuuk||||Greenlanders
GTM|guatémaltèque{,s}|Guatemalan|Guatemala/Guatemala City|Guatemala City|||
~GUF|guyanais{,e,es}|French Guianese|Cayenne||Guyane/Guyane française|French Guiana||-
~GUM|guamanien{,ne,s,nes}|Guamanian|Hagåtña||||
GUY|guyanien{,ne,s,nes}|Guyanese|Georgetown||||-
~HKG|hongkongais{,e,es}|Hong Kong|||Hong Kong|Hong Kong||Hongkongers
~HMD||||||||
HND|hondurien{,ne,s,nes}|Honduran|Tegucigalpa||||
HRV|croate{,s}|Croatian|Zagreb||||Croats/Croatians
HTI|haïtien{,ne,s,nes}|Haitian|Port-au-Prince||||
HUN|hongrois{,e,es}|Hungarian|Budapest||||
IDN|indonésien{,ne,s,nes}|Indonesian|Jakarta/Djakarta|Jakarta|||
~IMN|mannois{,e,es}|Manx|||||-
IND|indien{,ne,s,nes}|Indian|New Delhi/New Dehli|New Delhi|||
~IOT||||||||
IRL|irlandais{,e,es}|Irish|Dublin||Eire|Eire||Irish
IRN|iranien{,ne,s,nes}|Iranian|Téhéran|Tehran/Teheran|République islamique/République islamique d'Iran|Islamic Republic/Islamic Republic of Iran||
IRQ|irakien{,ne,s,nes}/iraquien{,ne,s,nes}|Iraqi|Bagdad|Baghdad|||
ISL|islandais{,e,es}|Icelandic|Reykjavik||||Icelanders
ISR|israélien{,ne,s,nes}|Israeli|Jérusalem|Jerusalem|État hébreu|Jewish state||
ITA|italien{,ne,s,nes}|Italian|Rome/Palais Chigi|Rome/Palazzo Chigi|||
JAM|jamaïcain{,e,s,es}/jamaïquain{,e,s,es}|Jamaican|Kingston||||
~JEY|jersiais{,e,es}||Saint-Hélier|St Helier|||-
JOR|jordanien{,ne,s,nes}|Jordanian|Amman||||
JPN|japonais{,e,es}|Japanese|Tokyo||Archipel nippon|||-
KAZ|kazakh{,e,s,es}/kazakhstanais{,e,es}|Kazakh/Kazakhstani|Astana||||Kazakhs
KEN|kényan{,e,s,es}|Kenyan|Nairobi||||
KGZ|kirghiz{,e,es}|Kyrgyz|Bichkek|Bishkek|Kirghizie|Kirghizia||-
KHM|cambodgien{,ne,s,nes}|Cambodian|Phnom Penh||||
KIR|kiribatien{,ne,s,nes}|I-Kiribati|Tarawa||||-
KNA|kittitien{,ne,s,nes}|Kittitian|Basseterre||Saint-Kitts/Saint-Kitts-et-Nevis|St Kitts and Nevis/St. Kitts and Nevis||
KOR|sud-coréen{,ne,s,nes}|South Korean|Séoul/Maison Bleue/Yongsan|Seoul/Blue House/Yongsan|République de Corée/Corée|ROK/Republic of Korea||
KWT|koweïtien{,ne,s,nes}|Kuwaiti|Koweït City/Koweït|Kuwait City|||
LAO|laotien{,ne,s,nes}/lao|Laotian/Lao|Vientiane||||
LBN|libanais{,e,es}|Lebanese|Beyrouth/Baabda|Beirut/Baabda|Pays du Cèdre|||-
LBR|libérien{,ne,s,nes}|Liberian|Monrovia||||
LBY|libyen{,ne,s,nes}|Libyan|Tripoli||||
LCA|saint-lucien{,ne,s,nes}|Saint Lucian|Castries||||
LIE|liechtensteinois{,e,es}|Liechtensteiner|Vaduz||||-
LKA|sri-lankais{,e,es}/srilankais{,e,es}|Sri Lankan|Colombo/Sri Jayawardenepura Kotte|Colombo/Sri Jayawardenepura Kotte|||
LSO|lesothan{,e,s,es}|Basotho/Lesotho|Maseru||||-
LTU|lituanien{,ne,s,nes}|Lithuanian|Vilnius||||
LUX|luxembourgeois{,e,es}|Luxembourgish/Luxembourg|Luxembourg||||Luxembourgers
LVA|letton{,ne,s,nes}|Latvian|Riga||||
~MAC|macanais{,e,es}|Macanese|||Macao/Macau|Macao/Macau||-
~MAF|saint-martinois{,e,es}|Saint-Martin|Marigot||||-
MAR|marocain{,e,s,es}|Moroccan|Rabat/Makhzen|Rabat/Makhzen|Royaume chérifien||
MCO|monégasque{,s}|Monegasque/Monacan|Monaco||Principauté de Monaco||Monegasques
MDA|moldave{,s}|Moldovan|Chisinau||||
MDG|malgache{,s}|Malagasy|Antananarivo/Tananarive|Antananarivo|||-
MDV|maldivien{,ne,s,nes}|Maldivian|Malé||||
MEX|mexicain{,e,s,es}|Mexican|Mexico|Mexico City|||
MHL|marshallais{,e,es}|Marshallese|Majuro||Îles Marshall|||-
MKD|macédonien{,ne,s,nes}|Macedonian/North Macedonian|Skopje||Macédoine|Macedonia||
MLI|malien{,ne,s,nes}|Malian|Bamako/Koulouba|Bamako/Koulouba|||
MLT|maltais{,e,es}|Maltese|La Valette|Valletta|||-
MMR|birman{,e,s,es}|Burmese/Myanmar|Naypyidaw/Naypyitaw/Nay Pyi Taw|Naypyidaw/Naypyitaw/Nay Pyi Taw|Birmanie|Burma||-
MNE|monténégrin{,e,s,es}|Montenegrin|Podgorica||||
MNG|mongol{,e,s,es}|Mongolian|Oulan-Bator/Oulan Bator|Ulaanbaatar/Ulan Bator|||
~MNP|||||Mariannes du Nord|Northern Marianas||
MOZ|mozambicain{,e,s,es}|Mozambican|Maputo||||
MRT|mauritanien{,ne,s,nes}|Mauritanian|Nouakchott||||
~MSR|montserratien{,ne,s,nes}|Montserratian|Brades||||
~MTQ|martiniquais{,e,es}|Martinican|Fort-de-France||||
MUS|mauricien{,ne,s,nes}|Mauritian|Port-Louis|Port Louis|||
MWI|malawite{,s}/malawien{,ne,s,nes}|Malawian|Lilongwe||||
MYS|malaisien{,ne,s,nes}|Malaysian|Kuala Lumpur/Putrajaya|Kuala Lumpur/Putrajaya|||
~MYT|mahorais{,e,es}|Mahoran|Mamoudzou||||
NAM|namibien{,ne,s,nes}|Namibian|Windhoek||||
~NCL|néo-calédonien{,ne,s,nes}|New Caledonian|Nouméa||Calédonie|||
NER|nigérien{,ne,s,nes}|Nigerien|Niamey||||
~NFK||||||||
NGA|nigérian{,e,s,es}|Nigerian|Abuja||||
NIC|nicaraguayen{,ne,s,nes}|Nicaraguan|Managua||||
~NIU|niuéen{,ne,s,nes}|Niuean|Alofi||||
NLD|néerlandais{,e,es}/hollandais{,e,es}|Dutch|La Haye/Amsterdam|The Hague/Amsterdam|Hollande|Holland||-
NOR|norvégien{,ne,s,nes}|Norwegian|Oslo||||
NPL|népalais{,e,es}|Nepalese/Nepali|Katmandou|Kathmandu|||Nepalis
NRU|nauruan{,e,s,es}|Nauruan|Yaren||||
NZL|néo-zélandais{,e,es}|New Zealand|Wellington||||New Zealanders
OMN|omanais{,e,es}|Omani|Mascate|Muscat|||
PAK|pakistanais{,e,es}|Pakistani|Islamabad||||
PAN|panaméen{,ne,s,nes}|Panamanian|Panama/Panama City|Panama City|||
~PCN|pitcairnais{,e,es}|Pitcairn Islander|Adamstown||||-
PER|péruvien{,ne,s,nes}|Peruvian|Lima||||
PHL|philippin{,e,s,es}|Philippine/Filipino|Manille/Malacañang|Manila/Malacañang|||Filipinos
PLW|palaosien{,ne,s,nes}|Palauan|Ngerulmud||Palau|||
PNG|papouan-néo-guinéen{,ne,s,nes}|Papua New Guinean|Port Moresby||||
POL|polonais{,e,es}|Polish|Varsovie|Warsaw|||Poles
~PRI|portoricain{,e,s,es}|Puerto Rican|San Juan||Porto Rico|||
PRK|nord-coréen{,ne,s,nes}|North Korean|Pyongyang||RPDC/Corée du Nord|DPRK/North Korea||
PRT|portugais{,e,es}|Portuguese|Lisbonne|Lisbon|||-
PRY|paraguayen{,ne,s,nes}|Paraguayan|Asunción||||
PSE|palestinien{,ne,s,nes}|Palestinian|Ramallah||Autorité palestinienne/État de Palestine/Territoires palestiniens|Palestinian Authority/State of Palestine/Palestinian territories||
~PYF|polynésien{,ne,s,nes}|French Polynesian|Papeete||Polynésie/Tahiti|Tahiti||
QAT|qatari{,e,s,es}/qatarien{,ne,s,nes}|Qatari|Doha||||
~REU|réunionnais{,e,es}|Réunionese|||La Réunion|||-
ROU|roumain{,e,s,es}|Romanian|Bucarest|Bucharest|||
RUS|russe{,s}|Russian|Moscou/Kremlin|Moscow/Kremlin|Fédération de Russie|Russian Federation||
RWA|rwandais{,e,es}|Rwandan|Kigali||||
SAU|saoudien{,ne,s,nes}|Saudi/Saudi Arabian|Riyad/Ryad|Riyadh|||Saudis
SDN|soudanais{,e,es}|Sudanese|Khartoum/Port-Soudan|Khartoum/Port Sudan|||-
SEN|sénégalais{,e,es}|Senegalese|Dakar||||-
SGP|singapourien{,ne,s,nes}|Singaporean|Singapour|Singapore|Cité-État|City-state||
~SGS||||||||
~SHN|||||||
~SJM||||||||
SLB|salomonais{,e,es}|Solomon Islander/Solomon Islands|Honiara||Îles Salomon|||Solomon Islanders
SLE|sierra-léonais{,e,es}|Sierra Leonean|Freetown||||
SLV|salvadorien{,ne,s,nes}|Salvadoran/Salvadorean|San Salvador||Salvador|||
SMR|saint-marinais{,e,es}|Sammarinese|Saint-Marin|San Marino|||-
SOM|somalien{,ne,s,nes}/somali{,e,s,es}|Somali/Somalian|Mogadiscio|Mogadishu|||Somalis
~SPM|saint-pierrais{,e,es}|Saint-Pierrais|||Saint-Pierre-et-Miquelon|||-
SRB|serbe{,s}|Serbian/Serb|Belgrade||||Serbs/Serbians
SSD|sud-soudanais{,e,es}|South Sudanese|Djouba/Juba|Juba|||-
STP|santoméen{,ne,s,nes}|São Toméan|São Tomé||||
SUR|surinamais{,e,es}|Surinamese|Paramaribo||||-
SVK|slovaque{,s}|Slovak/Slovakian|Bratislava||||Slovaks
SVN|slovène{,s}|Slovenian/Slovene|Ljubljana||||Slovenians/Slovenes
SWE|suédois{,e,es}|Swedish|Stockholm||||Swedes
SWZ|swazi{,e,s,es}/eswatinien{,ne,s,nes}|Swazi/Eswatini|Mbabane||Swaziland|Swaziland||Swazis
~SXM|||||Sint Maarten|Sint Maarten||
SYC|seychellois{,e,es}|Seychellois|Victoria||Seychelles|||-
SYR|syrien{,ne,s,nes}|Syrian|Damas|Damascus|||
~TCA||Turks and Caicos|Cockburn Town||Îles Turques-et-Caïques|Turks and Caicos||-
TCD|tchadien{,ne,s,nes}|Chadian|N'Djamena/Ndjamena|N'Djamena/Ndjamena|||
TGO|togolais{,e,es}|Togolese|Lomé||||-
THA|thaïlandais{,e,es}/thaï{,e,s,es}|Thai|Bangkok||||-
TJK|tadjik{,e,s,es}|Tajik/Tajikistani|Douchanbé|Dushanbe|||Tajiks
~TKL|tokelauan{,e,s,es}|Tokelauan|||||
TKM|turkmène{,s}|Turkmen|Achgabat|Ashgabat|||-
TLS|timorais{,e,es}/est-timorais{,e,es}|Timorese/East Timorese|Dili||Timor oriental|East Timor||-
TON|tongien{,ne,s,nes}|Tongan|Nukuʻalofa/Nuku'alofa|Nuku'alofa|||
TTO|trinidadien{,ne,s,nes}|Trinidadian|Port-d'Espagne|Port of Spain|Trinité-et-Tobago|Trinidad||
TUN|tunisien{,ne,s,nes}|Tunisian|Tunis/Carthage|Tunis/Carthage|||
TUR|turc{,s}/turque{,s}|Turkish|Ankara||Turquie/Türkiye|Türkiye/Turkiye|Turc{,s}/Turque{,s}|Turks
TUV|tuvaluan{,e,s,es}|Tuvaluan|Funafuti||||
TWN|taïwanais{,e,es}|Taiwanese|Taipei||Formose/République de Chine|Republic of China||-
TZA|tanzanien{,ne,s,nes}|Tanzanian|Dodoma/Dar es Salaam|Dodoma/Dar es Salaam|||
UGA|ougandais{,e,es}|Ugandan|Kampala||||
UKR|ukrainien{,ne,s,nes}|Ukrainian|Kiev/Kyiv/Kyïv/Kiyv|Kyiv/Kiev/Bankova|||
~UMI||||||||
URY|uruguayen{,ne,s,nes}|Uruguayan|Montevideo||||
USA|américain{,e,s,es}/étatsunien{,ne,s,nes}|American/US/U.S.|Washington/Maison Blanche/Maison-Blanche|Washington/White House|États-Unis/USA/Amérique/États-Unis d'Amérique|US/U.S./USA/U.S.A./America/United States/United States of America||
UZB|ouzbek{,e,s,es}|Uzbek|Tachkent|Tashkent|||Uzbeks
VAT|vatican{,e,s,es}|Vatican|Vatican/Saint-Siège|Vatican/Holy See|Saint-Siège|Holy See||-
VCT|vincentais{,e,es}|Vincentian|Kingstown||Saint-Vincent|St. Vincent||
VEN|vénézuélien{,ne,s,nes}|Venezuelan|Caracas/Miraflores|Caracas/Miraflores|||
~VGB|||||Îles Vierges britanniques|British Virgin Islands||
~VIR|||||Îles Vierges américaines|US Virgin Islands/U.S. Virgin Islands||
VNM|vietnamien{,ne,s,nes}|Vietnamese|Hanoï||Viet Nam|Viet Nam||-
VUT|vanuatais{,e,es}|Ni-Vanuatu/Vanuatuan|Port-Vila|Port Vila|||-
~WLF|wallisien{,ne,s,nes}|Wallisian|Mata-Utu||Wallis-et-Futuna|Wallis and Futuna||
WSM|samoan{,e,s,es}|Samoan|Apia||||
YEM|yéménite{,s}|Yemeni|Sanaa/Aden|Sanaa/Sana'a/Aden|||
ZAF|sud-africain{,e,s,es}|South African|Pretoria/Le Cap/Union Buildings|Pretoria/Cape Town/Union Buildings|Afrique du Sud/RSA||
ZMB|zambien{,ne,s,nes}|Zambian|Lusaka||||
ZWE|zimbabwéen{,ne,s,nes}|Zimbabwean|Harare||||
XKX|kosovar{,e,s,es}|Kosovar/Kosovan|Pristina/Priština||Kosovo|Kosovo||
"""

# Institutions named like places, appended as written.
EXTRA = r"""
# ---- Institutions that metonymy names by a building or a proper name.
# The Pentagon is the US defence ministry (spec/EVENTS.md section 2: MIL).
USAMIL  name    fr: Pentagone ; en: Pentagon
USALEG  name    *: Capitol Hill ; fr: Congrès américain ; en: US Congress | U.S. Congress
USASPY  name    *: CIA | FBI | NSA
USAJUD  name    fr: Cour suprême américaine ; en: US Supreme Court | U.S. Supreme Court
ISRMIL  name    fr: Tsahal | armée israélienne ; en: IDF | Israel Defense Forces | Israeli army
ISRSPY  name    *: Mossad | Shin Bet
ISRLEG  name    *: Knesset
RUSLEG  name    fr: Douma ; en: Duma | State Duma
RUSSPY  name    *: FSB | SVR | GRU
RUSMIL  name    fr: armée russe ; en: Russian army
UKRSPY  name    *: SBU | GUR
UKRLEG  name    fr: Rada ; en: Rada | Verkhovna Rada
DEULEG  name    *: Bundestag
DEUMIL  name    *: Bundeswehr
GBRSPY  name    *: MI6 | MI5
GBRLEG  name    fr: Chambre des communes ; en: House of Commons
FRASPY  name    *: DGSE | DGSI
IRNMIL  name    fr: Gardiens de la révolution | pasdaran{,s} ; en: Revolutionary Guards | IRGC | Islamic Revolutionary Guard Corps
CHNMIL  name    fr: Armée populaire de libération | APL ; en: People's Liberation Army | PLA
"""

# Ambiguous CLDR/ISO names we do not want as bare names.
SKIP_NAMES = {"Chine continentale", "Territoires palestiniens", "Palestinian Territories",
              "COD:Congo", "SXM:Saint-Martin", "SXM:partie néerlandaise", "MAF:partie française", "MAF:French part", "SXM:Dutch part"}


def strip_accents(s):
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


def key(s):
    return strip_accents(s).lower().replace("\u2019", "'")


def clean(name):
    """Splits 'Myanmar (Birmanie)' and drops names the format cannot hold."""
    out = []
    name = name.replace("\u2019", "'").replace("\u200b", "").strip()
    m = re.match(r"^(.*?)\s*\((.*)\)$", name)
    parts = [m.group(1), m.group(2)] if m else [name]
    for p in parts:
        p = p.replace(" - ", "-").replace(" & ", " and ").replace("St. ", "St. ").strip()
        if p and not re.search(r"[^\w \-'.]", p) and "," not in p:
            out.append(p)
    return out


def cldr_names(lang):
    root = ET.parse(CLDR % lang).getroot()
    names = {}
    for t in root.iter("territory"):
        names.setdefault(t.get("type"), []).append(t.text or "")
    return names


def uniq(xs):
    seen, out = set(), []
    for x in xs:
        k = key(x)
        if x and k not in seen:
            seen.add(k)
            out.append(x)
    return out


def alts(field):
    return [x.strip() for x in field.split("/") if x.strip()] if field and field != "-" else []


def fr_people(adjs):
    out = []
    for a in adjs:
        out.append(" ".join("-".join(p[:1].upper() + p[1:] for p in w.split("-")) for w in a.split(" ")))
    return out


def main():
    iso = json.load(open(ISO))["3166-1"]
    a2 = {x["alpha_3"]: x["alpha_2"] for x in iso}
    a2["XKX"] = "XK"
    en_iso = {x["alpha_3"]: [x.get("common_name", ""), x["name"], x.get("official_name", "")] for x in iso}
    fr_cldr, en_cldr = cldr_names("fr"), cldr_names("en")
    rows = [r for r in TABLE.strip().split("\n") if r.strip()]
    print("# countries.txt -- every ISO 3166-1 country and territory, plus Kosovo (XKX).")
    print("# Drafted by scripts/gen_countries.py from iso-codes and Unicode CLDR names and a")
    print("# hand-written table of adjectives, demonyms and seats; edited by hand since.")
    print("# Format: docs/dictionaries.md. Territories (~ in the script) may lack adj/seat lines.")
    for r in rows:
        f = (r.split("|") + [""] * 9)[:9]
        code, fra, ena, frs, ens, frn, enn, frp, enp = f
        terr = code.startswith("~")
        code = code.lstrip("~")
        two = a2[code]
        fr_names = uniq([n for raw in fr_cldr.get(two, []) for n in clean(raw) if n not in SKIP_NAMES and code + ":" + n not in SKIP_NAMES] + alts(frn))
        en_names = uniq([n for raw in en_iso.get(code, []) + en_cldr.get(two, []) for n in clean(raw)
                         if n not in SKIP_NAMES and code + ":" + n not in SKIP_NAMES] + alts(enn))
        print()
        parts = (["fr: " + " | ".join(fr_names)] if fr_names else []) + (["en: " + " | ".join(en_names)] if en_names else [])
        print("%s name    %s%s" % (code, " ; ".join(parts), "  # territory" if terr else ""))
        fa, ea = alts(fra), alts(ena)
        if fa or ea:
            parts = (["fr: " + " | ".join(fa)] if fa else []) + (["en: " + " | ".join(ea)] if ea else [])
            print("%s adj     %s" % (code, " ; ".join(parts)))
        fp = alts(frp) if frp else fr_people(fa)
        if enp == "-":
            ep = []
        elif enp:
            ep = alts(enp)
        else:
            ep = [a + "s" for a in ea if a.endswith("an") or a.endswith("i")]
        ep = uniq(ep)
        if fp or ep:
            parts = (["fr: " + " | ".join(fp)] if fp else []) + (["en: " + " | ".join(ep)] if ep else [])
            print("%s people  %s" % (code, " ; ".join(parts)))
        fs, es = alts(frs), alts(ens) or alts(frs)
        if fs or es:
            parts = (["fr: " + " | ".join(uniq(fs))] if fs else []) + (["en: " + " | ".join(uniq(es))] if es else [])
            print("%s seat    %s" % (code, " ; ".join(parts)))
        elif not terr:
            sys.exit("no seat for " + code)
    print(EXTRA.rstrip())


main()
