# Markdown notes: filename -> (front matter dict, body)
NOTITIES_MD = {}

NOTITIES_MD["2024-02-15-werkgroep-doorontwikkeling-wijkteams.md"] = (
    dict(bijeenkomst="Werkgroep doorontwikkeling wijkteams", datum="2024-02-15", gemeente="Dordrecht",
         rol="docent-onderzoeker", soort="notitie"),
    """\
# Werkgroep doorontwikkeling wijkteams: eerste bijeenkomst

*Reflectie van de docent-onderzoeker die de werkgroep begeleidt. Bedoeld voor de werkgroepleden, niet voor verdere verspreiding.*

## Aanwezig

Twaalf mensen: vijf wijkteammedewerkers (Dordrecht, Zwijndrecht, Sliedrecht), twee teamleiders, drie beleidsmedewerkers, iemand van de GGD en ik namens het lectoraat. Twee afmeldingen, allebei vanwege ziekte in het eigen team.

## Waar we mee begonnen

De stuurgroep had ons twee vragen meegegeven over "het beste model" voor toegang en ondersteuning. We hebben die vragen groot op de muur gehangen en gevraagd wat ze oproepen. De reacties waren eerlijk: "daar lig ik niet wakker van", "dat is een vraag voor het stadhuis", "ik weet eerlijk gezegd niet precies wat de nulde lijn is".

Daarna hebben we het omgedraaid: welke situatie van de afgelopen maand is je bijgebleven? Binnen tien minuten hing er een lijst waar iedereen over mee kon praten:

- een gezin waarvoor drie organisaties tegelijk een plan aan het maken waren;
- een oudere man die pas in beeld kwam toen de woningcorporatie met ontruiming dreigde;
- een collega die een goede oplossing had, maar er geen budget voor kreeg;
- de vraag wanneer je als wijkteam een casus mag "teruggeven".

Uit die voorbeelden hebben we vier werkvragen gehaald. Ze zijn nog voorlopig; volgende keer scherpen we ze aan met wat er intussen gebeurt.

## Wat me opviel

Het werd stil toen ik vroeg wie weleens echt niet wist wat te doen in een casus. Pas toen een van de teamleiders vertelde dat ze vorige week een besluit had genomen waar ze nog steeds over twijfelt, kwamen de anderen los. Blijkbaar is het niet vanzelfsprekend om in een groep met beleidsmensen en leidinggevenden te laten zien dat je het ook niet weet. Ik betrap mezelf erop dat ik de neiging heb om dan snel een model of een artikel aan te reiken. Dat heb ik bewust niet gedaan. Ik wil dat de kennis eerst uit de groep zelf komt, ook als dat rommeliger gaat.

Tweede punt: twee wijkteammedewerkers zeiden dat hun team eigenlijk geen tijd heeft voor deze werkgroep. Het team is net opnieuw ingedeeld en er is een wachtlijst. Ze willen wel, maar niet ten koste van de inwoners. Dat vind ik een terechte afweging en ik heb gezegd dat zij zelf bepalen wanneer ze aansluiten. De beleidsmedewerker uit hun gemeente steunde dat meteen. Eigenlijk is dit precies waar de werkgroep over gaat: wie bepaalt waar een professional zijn tijd aan besteedt?

## Afspraken

- Iedereen neemt voor de volgende keer één concrete situatie mee, op maximaal een halve A4.
- We werken met een vaste cyclus: doen, terugkijken, begrijpen, opnieuw proberen. Volgende keer begin ik met de vraag wat ieder met de inzichten van vandaag heeft gedaan. En als er niets gebeurd is: waarom niet? Ook dat is leerzaam.
- Volgende bijeenkomst: 14 maart, wijkcentrum in Zwijndrecht. (Koffie zelf regelen, vandaag was die om half drie op.)
""")

NOTITIES_MD["2024-05-23-intervisie-wijkteam-noord.md"] = (
    dict(bijeenkomst="Intervisie wijkteam Noord", datum="2024-05-23", gemeente="Zwijndrecht",
         rol="wijkteammedewerker", soort="notitie"),
    """\
# Intervisie wijkteam Noord, 23-5

Casusinbreng: ikzelf (wt-medewerker, achtergrond maatschappelijk werk). Aanwezig: 6 collega's uit het team, de POH van de huisartsenpraktijk in de wijk en voor het eerst iemand van schuldhulpverlening (op uitnodiging van de teamleider).

## De casus

Mevrouw Jansen (67) woont alleen. Sinds haar man vorig jaar is overleden loopt alles vast. De huisarts zag haar vier keer in twee maanden met klachten waar hij medisch weinig mee kon en heeft haar naar ons verwezen. Bij het huisbezoek bleek de post al maanden ongeopend in een la te liggen. Achterstanden bij energie en zorgverzekering, een aanmaning van de gemeente. Schuldhulp kon haar pas over zes weken zien voor een intake en wil eerst een volledig overzicht van alle schulden. Maar dat overzicht maken kon mevrouw Jansen nou juist niet, daar zat het hele probleem.

Mijn vraag aan de groep: heb ik het goed gedaan door zelf met haar de post te sorteren en de energieleverancier te bellen, terwijl dat strikt genomen niet bij onze taak hoort ("wij zijn geen schuldhulp")?

## Wat er gezegd werd

- POH: voor de huisarts was het een opluchting dat er eindelijk iemand bij haar thuis kwam. "Wij zien de klachten, niet de stapel post." Zij wil graag een vaste contactpersoon bij ons en niet steeds via het algemene nummer.
- Schuldhulp legde uit waarom ze een compleet overzicht vragen: anders lopen ze vast bij de schuldeisers. Gaf ook toe dat de intake voor iemand als mevrouw Jansen een te hoge drempel is. Voorstel: in dit soort situaties het eerste gesprek samen doen, bij de inwoner thuis.
- Collega's: de meesten hadden hetzelfde gedaan. Eén collega vond dat ik over mijn grens ging en dat we als team eerst moeten afspreken wat we wel en niet doen, anders doet iedereen het op zijn eigen manier. Terecht punt.

## Wat ik meeneem

Ik had het gevoel dat ik de regels een beetje moest buigen om te doen wat nodig was. Fijn dat anderen dat herkennen, maar het punt van mijn collega klopt ook: als dit maatwerk is, moet het team erachter staan en moet de teamleider het weten. Niet stiekem dus, en niet alleen op mijn eigen gevoel.

Wat me het meest opviel is hoe weinig we van elkaars werk weten. De huisarts, schuldhulp en wij zien allemaal een ander stukje van dezelfde vrouw. Pas door samen aan tafel te zitten werd het plaatje compleet. Dat had ik ivm de wachtlijst bijna niet gedaan ("geen tijd voor intervisie").

## Afspraken

1. Gezamenlijk eerste gesprek met schuldhulp bij mevrouw Jansen thuis, volgende week dinsdag. Mevrouw heeft toestemming gegeven om haar gegevens te delen. Ze is het best bereikbaar op 06-12345678 (na 10 uur, neemt niet op bij anoniem nummer).
2. Schuldhulp geeft ons een direct nummer voor overleg: 078 123 4567 (dus niet het algemene nummer).
3. Teamoverleg 6 juni: afspraken maken over wat wij wel en niet doen bij geldzorgen ("eerste hulp bij post").
4. Ik vraag de teamleider of de POH standaard kan aanschuiven bij het casusoverleg.

NB: namen en nummers eruit halen voordat dit verslag in het teamdossier gaat!
""")

NOTITIES_MD["2024-06-20-uitwisseling-rotterdam.md"] = (
    dict(bijeenkomst="Uitwisselingsbijeenkomst Rotterdam", datum="2024-06-20", gemeente="Rotterdam",
         rol="beleidsmedewerker", soort="notitie"),
    """\
# Terugblik uitwisselingsbijeenkomst Rotterdam

Ik was erbij als beleidsmedewerker Wmo. Omdat ik de enige van onze afdeling was, schrijf ik een paar dingen op voor de collega's die er niet bij waren.

**Opzet.** Zo'n 45 deelnemers in een buurthuis op Zuid. Geen presentaties, wel werktafels met steeds een andere samenstelling. Elke tafel kreeg een vraag uit de praktijk mee.

**Aan mijn tafel** zaten twee wijkteammedewerkers uit Rotterdam, een sociaal ondernemer met een dagbestedingsplek, een teamleider uit Schiedam en ik. Onze vraag: "Waarom komt een goed idee uit het wijkteam zo moeilijk door de gemeente heen?"

Dat werd al snel ongemakkelijk. Een van de wijkteammedewerkers vertelde over een jongere die al maanden thuis zat. De oplossing, een plek bij een sociaal ondernemer in de buurt, paste in geen enkel product uit de catalogus, dus duurde het drie maanden voordat er iets geregeld was. "Jullie maken regels voor de gemiddelde inwoner, maar die bestaat niet." Mijn eerste reflex was uitleggen waarom die regels er zijn: rechtmatigheid, de accountant, gelijke behandeling. Ik merkte dat ik daarmee het gesprek dichtgooide.

De tafelbegeleider vroeg toen aan ons allebei: waar ben je eigenlijk bang voor? Bij mij: dat we als gemeente niet meer kunnen uitleggen waarom de ene inwoner iets wel krijgt en de andere niet. Bij haar: dat ze een inwoner iets belooft wat ze daarna niet kan waarmaken. Eigenlijk dezelfde zorg van twee kanten; we willen allebei betrouwbaar zijn. Dat moment is me bijgebleven. De spanning wegpraten had niets opgeleverd, er samen induiken wel.

**Over woorden.** Wat me ook opviel: we gebruiken dezelfde woorden, maar bedoelen iets anders. "Maatwerk" betekent voor ons op het stadhuis vaak: een uitzondering binnen de regels. Voor de wijkteams betekent het: beginnen bij wat iemand nodig heeft en pas daarna kijken welke regel past. En "eigen kracht" klinkt voor sommige inwoners als "zoek het zelf maar uit", zei een ervaringsdeskundige aan de tafel naast ons. Toen dat eenmaal hardop gezegd was, praatten we de rest van de middag anders. We zijn gaan beschrijven wat we zagen, in plaats van meteen het beleidsbegrip te noemen dat erbij hoort.

**Wat ik meeneem naar onze afdeling**

- Ontmoeting tussen beleid en uitvoering moet niet afhangen van dit soort middagen. Voorstel: één keer per kwartaal een uur aanschuiven bij het casusoverleg van een wijkteam, zonder eigen agenda.
- Nieuwe regels eerst met een paar wijkteammedewerkers doorlopen aan de hand van een echte (geanonimiseerde) situatie.
- Ons woordgebruik in de nota's kritisch bekijken: maatwerk, eigen kracht, zelfredzaamheid. Wat bedoelen we er precies mee, en hoe komt het aan?

Het was een drukke week en ik twijfelde of ik wel zou gaan. Achteraf de nuttigste middag van de maand.
""")

NOTITIES_MD["2024-11-07-uitwisseling-sliedrecht.md"] = (
    dict(bijeenkomst="Uitwisselingsbijeenkomst nabijheid in de wijk", datum="2024-11-07", gemeente="Sliedrecht",
         rol="opbouwwerker", soort="notitie"),
    """\
# Uitwisseling Sliedrecht: dichtbij in de wijk

Korte terugblik voor de collega's van welzijn en het wijkteam. Ongeveer dertig bezoekers: wijkteams uit Sliedrecht, Papendrecht en Alblasserdam, de woningcorporatie, de bibliotheek, een praktijkondersteuner, twee beleidsmedewerkers en een paar bewoners.

## Wat we lieten zien

We begonnen met een wandeling door Baanhoek. Het idee was dat de gasten de wijk zouden zien zoals wij die zien: waar mensen elkaar tegenkomen, waar het stil is, welke portiek altijd rommelig is.

Daarna het verhaal van ons spreekuur. Twee jaar geleden had het wijkteam een vast spreekuur in het gemeentehuis. Daar kwam bijna niemand. We hebben het toen verplaatst naar de huiskamer van het buurthuis, op de ochtend dat er toch al koffie is. Nu lopen er elke week mensen binnen, vaak met iets kleins dat later iets groots blijkt te zijn. Daar is nooit een plan voor geschreven: we hebben iets geprobeerd, gekeken wat er gebeurde en bijgestuurd. Het lege spreekuur was achteraf de nuttigste mislukking die we hebben gehad.

Een belangrijke rol speelt Ahmed El Amrani, bewoner en vrijwilliger, die de koffieochtend draait. Hij kent half de wijk en neemt buren mee die uit zichzelf nooit naar een loket zouden gaan. Hij vertelde zelf hoe dat gaat: "Ik zeg niet dat ze naar het wijkteam moeten. Ik zeg: kom een bakkie doen, er zit iemand die je met die brief kan helpen."

## Van losse vragen naar iets voor de hele wijk

In het voorjaar kregen we in een paar weken tijd heel veel vragen over de energietoeslag en de jaarafrekening. In plaats van al die vragen één voor één op te pakken, hebben we met de bibliotheek en de woningcorporatie een vaste formulierenhulp opgezet, met vrijwilligers. Het wijkteam traint de vrijwilligers en springt bij als het ingewikkeld wordt. De corporatie laat het eerder weten als er een huurachterstand ontstaat.

Geen van de drie organisaties had dit alleen gekund. Het vroeg wel dat iedereen iets inleverde: de corporatie deelt meer dan ze gewend was, en wij moesten accepteren dat vrijwilligers dingen anders aanpakken dan wij.

## Reacties van de bezoekers

- "Hoe krijg je daar uren voor?" In onze gemeente is afgesproken dat wijkteammedewerkers naast hun caseload een deel van hun tijd aan de wijk besteden. Zonder die afspraak was dit er niet gekomen.
- De collega's uit Alblasserdam herkenden het lege spreekuur en willen het ook proberen.
- Een beleidsmedewerker vroeg hoe je dit meet. Eerlijk antwoord: dat weten we nog niet goed. We tellen bezoekers, maar het belangrijkste (wat er níet is misgegaan) zie je niet terug in de cijfers.

## Voor mezelf

Nabijheid is geen adres, het zijn mensen. Zonder iemand als Ahmed zitten we met onze koffie in een lege zaal. Tegelijk moeten we oppassen dat we sleutelfiguren niet gaan "inzetten": hij is vrijwilliger, geen verlengstuk van het wijkteam. Dat gesprek wil ik binnenkort met hem voeren.
""")

NOTITIES_MD["2025-09-25-uitwisseling-sociaal-medisch-domein.md"] = (
    dict(bijeenkomst="Uitwisselingsbijeenkomst sociaal en medisch domein", datum="2025-09-25",
         gemeente="Alblasserdam", rol="wijkverpleegkundige", soort="notitie"),
    """\
# Sociaal en medisch domein aan één tafel

Aanwezig o.a.: twee huisartsen, drie POH's (somatiek en ggz), wijkverpleging (3), wijkteam Alblasserdam (4), een fysiotherapeut, iemand van de apotheek, een ervaringsdeskundige en de beleidsmedewerker gezondheid van de gemeente.

## Het begin

We begonnen niet met een presentatie maar met het verhaal van de ervaringsdeskundige. Zij vertelde hoe ze twee jaar lang heen en weer werd gestuurd. De huisarts zei dat het "meer iets sociaals" was, het wijkteam vond dat ze eerst "medisch uitgezocht" moest worden. In die tijd had ze met elf verschillende hulpverleners gesproken en niemand wist van de anderen. Het werd doodstil. Een van de huisartsen zei na afloop dat hij zich in dat verhaal herkende, "als een van die elf".

## Wat we van elkaar niet wisten

In kleine groepjes hebben we verteld hoe onze week eruitziet. Klinkt simpel, leverde veel op:

- de huisartsen wisten niet dat het wijkteam ook zonder verwijzing op huisbezoek kan;
- het wijkteam wist niet dat de wijkverpleging vaak als eerste ziet dat iemand vereenzaamt;
- wij van de wijkverpleging wisten niet dat de POH-ggz maar een paar uur per week heeft voor de hele praktijk;
- bijna niemand kende de mensen uit de andere organisaties bij naam. We mailen elkaar al jaren via algemene adressen.

## De drempels

Huisartsen kunnen de tijd voor een multidisciplinair overleg niet declareren. Voor ons geldt iets vergelijkbaars: overleg over iemand die (nog) geen indicatie heeft, is eigenlijk onbetaald werk. Dat lossen we niet op in deze zaal, dat ligt bij zorgverzekeraar en gemeente. De beleidsmedewerker heeft het meegenomen en komt er in het voorjaar op terug.

## Wat we wel zelf kunnen doen

- Eén keer per maand een inloopuur in het gezondheidscentrum waar wijkteam, wijkverpleging en POH's elkaar gewoon zien. Geen agenda, wel koffie.
- Bij een verwijzing niet alleen een formulier sturen maar even bellen (warme overdracht).
- Bij de volgende bijeenkomst weer iemand met ervaringskennis vragen, niet als gastspreker maar als deelnemer aan tafel die mee beslist over wat we gaan doen.

## Persoonlijk

Ik was sceptisch, want we hebben al zoveel overleggen. Maar dit was anders: we zaten niet bij elkaar om een casus af te handelen, maar om elkaar te leren kennen. Het verhaal van de ervaringsdeskundige maakte het gesprek minder zakelijk en eerlijker; mensen durfden te zeggen waar ze zelf tekortschieten. Dat soort vertrouwen bouw je niet in één middag op, maar het begin is er. Ik merkte het de week erna al: een POH belde me rechtstreeks over een patiënt, voor het eerst in vier jaar.
""")
