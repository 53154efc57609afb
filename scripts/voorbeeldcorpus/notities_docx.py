# Word notes: filename -> (metadata, titel, blocks). Blocks: ("meta"|"p"|"h"|"ul"|"ol", text or list)
NOTITIES_DOCX = {}

NOTITIES_DOCX["2024-09-12-werkgroep-professionele-identiteit.docx"] = (
    dict(soort="notitie", bijeenkomst="Werkgroep professionele identiteit wijkteams", datum="2024-09-12",
         gemeente="Papendrecht", rol="teamleider"),
    "Werkgroep professionele identiteit: verslag",
    [
        ("meta", "12 september 2024, gemeentehuis Papendrecht. Verslag: teamleider wijkteam Papendrecht."),
        ("h", "Aanleiding"),
        ("p", "Ons wijkteam bestaat uit elf mensen die in dienst zijn van vijf verschillende organisaties: welzijn, "
              "maatschappelijk werk, jeugdhulp, MEE en de ggz. Iedereen heeft een eigen leidinggevende in de "
              "moederorganisatie, een eigen registratiesysteem en soms zelfs een andere cao. In het teamoverleg hoor "
              "ik vaak 'bij ons' en 'bij jullie'. Daarom hebben we in de werkgroep de vraag ingebracht: hoe word je "
              "één team als iedereen ergens anders thuishoort?"),
        ("h", "Werkvorm"),
        ("p", "Collega Petra de Vries van het wijkteam in Dordrecht vertelde hoe haar team vorig jaar een "
              "'teamkompas' heeft gemaakt. Iedereen schreef op geeltjes wat hij of zij in de praktijk doet dat in "
              "geen enkele functieomschrijving staat. Daarna zijn de geeltjes samen geordend en van een naam "
              "voorzien. Wij hebben dat in de werkgroep in het klein nagedaan. Wat er op tafel kwam:"),
        ("ul", [
            "eerst gewoon koffie drinken voordat je over het probleem begint;",
            "weten wanneer je juist níet doorverwijst, omdat er al genoeg hulpverleners over de vloer komen;",
            "de buurvrouw of de sportclub erbij halen in plaats van nog een professional;",
            "samen met een collega met een andere achtergrond op huisbezoek, zodat je met twee paar ogen kijkt.",
        ]),
        ("p", "Niemand had dit eerder zo opgeschreven, maar iedereen herkende het meteen. Het lijkt erop dat we veel "
              "meer gemeenschappelijk hebben dan we denken; we hadden er alleen nog geen woorden voor. Petra zei dat "
              "het kompas in haar team vooral helpt bij het inwerken van nieuwe collega's: 'Je kunt laten zien hoe "
              "wíj werken, niet alleen wat de organisatie voorschrijft.'"),
        ("h", "Wat het gesprek lastig maakte"),
        ("p", "Halverwege werd het persoonlijker dan ik had verwacht. Een jeugdprofessional vertelde dat ze zich "
              "soms een gast voelt in het wijkteam en een vreemde in haar eigen organisatie. Haar beoordeling wordt "
              "gedaan door iemand die haar werk in de wijk nauwelijks kent. Een ander zei dat hij na drie vertrokken "
              "collega's in één jaar weinig zin meer heeft om steeds opnieuw in 'het team' te investeren. Het werd "
              "even stil."),
        ("p", "Ik denk dat het goed was dat dit gezegd kon worden. In een gewoon teamoverleg was dit er niet "
              "uitgekomen. Hier kenden we elkaar net goed genoeg om het te durven, en net weinig genoeg om er niet "
              "meteen een conflict van te maken. Mijn eigen les als teamleider: ik stuur vooral op productie en "
              "afspraken, en te weinig op het gesprek over wie we samen willen zijn. Dat laatste kost tijd die "
              "nergens in de planning staat."),
        ("h", "Afspraken"),
        ("ol", [
            "Petra stuurt het format van het teamkompas en een korte handleiding. Wie vragen heeft kan haar direct "
            "mailen: p.devries@wijkteam-dordrecht.nl.",
            "In oktober doen we de oefening met het hele wijkteam Papendrecht, tijdens een extra lange teamdag.",
            "Ik bespreek met de leidinggevenden van de moederorganisaties of de beoordeling van "
            "wijkteammedewerkers voortaan samen met mij kan.",
            "In de werkgroep van december vertellen we wat het heeft opgeleverd.",
        ]),
    ],
)

NOTITIES_DOCX["2025-03-13-werkconferentie-transformatie.docx"] = (
    dict(soort="notitie", bijeenkomst="Werkconferentie Werkplaats Sociaal Domein", datum="2025-03-13",
         gemeente="Dordrecht", rol="student"),
    "Reflectie werkconferentie: wat betekent transformatie?",
    [
        ("meta", "13 maart 2025, Dordrecht. Geschreven door een derdejaars student social work (stage bij de "
                 "Werkplaats)."),
        ("p", "Voor mijn stage moest ik een reflectie schrijven op de werkconferentie. Ik heb vooral geholpen bij "
              "de opening, waar we de zaal een vraag stelden: waar denkt u aan bij het woord transformatie? "
              "Iedereen kon met de telefoon antwoorden en de woorden verschenen meteen op het scherm."),
        ("h", "Wat de zaal antwoordde"),
        ("p", "Het grootste woord was verandering, daarna kwamen samenwerking, loslaten, ruimte en vertrouwen. "
              "Toch vond ik de kleinere woorden interessanter. Er stond 'bezuinigingen' tussen, en iemand had "
              "'mooi woord, weinig inhoud' ingetypt. Toen de dagvoorzitter dat voorlas werd er gelachen, maar er werd "
              "ook geknikt. Hetzelfde woord is voor de een blijkbaar een belofte en voor de ander een dekmantel."),
        ("p", "Een ervaringsdeskundige zei in de zaal dat zij bij 'eigen kracht' vooral denkt aan de keer dat ze te "
              "horen kreeg dat ze het zelf maar moest oplossen. Daardoor kreeg dat woord voor mij een andere lading. "
              "Op school gebruik ik zulke woorden alsof ze voor zich spreken."),
        ("h", "Transformatie van wie?"),
        ("p", "In het middagprogramma ging het over de vraag wie er eigenlijk moet veranderen. Een wethouder zei "
              "dat het begint bij de professional aan de keukentafel. Een wijkteammedewerker reageerde dat zij al "
              "jaren anders werkt, maar dat het inkoopcontract, het registratiesysteem en de regels van de "
              "zorgverzekeraar nog precies hetzelfde zijn. 'Ik transformeer wel, maar de rest van de keten niet.' "
              "Iemand van een zorgaanbieder vulde aan dat zijn organisatie per product betaald wordt, zodat "
              "samenwerken in de wijk hen eigenlijk geld kost."),
        ("p", "Aan het eind van de sessie hebben we op een flap gezet wat er op elk niveau nodig is:"),
        ("ul", [
            "medewerker: durven afwijken en kunnen uitleggen waarom;",
            "team: afspraken over wat we samen onder maatwerk verstaan;",
            "organisatie: verantwoording die past bij werken in de wijk in plaats van bij productie;",
            "gemeente: contracten en budgetten die ruimte laten voor preventie en collectieve oplossingen;",
            "regio en zorgverzekeraar: de schotten tussen zorg en sociaal domein kleiner maken.",
        ]),
        ("h", "Wat ik ervan leer"),
        ("p", "Wat me het meest is bijgebleven, is een manager die eerlijk zei dat zij ook niet weet hoe het "
              "eindplaatje eruitziet. Ik had verwacht dat leidinggevenden dat wel zouden weten. Maar juist omdat "
              "zij het toegaf, durfden anderen ook te zeggen waar ze aan twijfelden. Het gesprek werd daardoor "
              "minder een discussie en meer een gezamenlijke zoektocht."),
        ("p", "Voor mijn eigen beroepshouding neem ik mee dat 'ik weet het niet, laten we het samen uitzoeken' geen "
              "zwakte hoeft te zijn. En dat ik beter moet doorvragen wat iemand bedoelt als hij een groot woord "
              "gebruikt, ook als ik dat woord zelf ook vaak gebruik."),
    ],
)

NOTITIES_DOCX["2025-05-15-leerkring-wijkteam-gorinchem.docx"] = (
    dict(soort="notitie", bijeenkomst="Leerkring wijkteam Gorinchem", datum="2025-05-15",
         gemeente="Gorinchem", rol="manager"),
    "Leerkring wijkteam Gorinchem: regels en ruimte",
    [
        ("meta", "15 mei 2025. Aantekeningen van de manager sociaal team, voor het MT en de contractmanager van "
                 "de gemeente."),
        ("h", "Aanleiding"),
        ("p", "Sinds januari staat in het nieuwe contract met de gemeente dat elke melding binnen twee werkdagen in "
              "het systeem staat, dat we bij elke intake hetzelfde vragenformulier gebruiken en dat een traject na "
              "twaalf weken wordt afgesloten of opnieuw moet worden aangevraagd. Het team reageerde fel. In het "
              "teamoverleg van april vielen woorden als 'afvinklijstjes' en 'wantrouwen'. Twee medewerkers "
              "overwegen te vertrekken. Mijn eerste neiging was de regels te verdedigen; ik heb het contract tenslotte "
              "zelf mee uitonderhandeld."),
        ("h", "Wat we gedaan hebben"),
        ("p", "In plaats van het gesprek te sussen hebben we een hele leerkringbijeenkomst aan de botsing zelf "
              "besteed. De contractmanager van de gemeente schoof aan. We deden drie rondes:"),
        ("ol", [
            "Per regel: wat is de bedoeling erachter? (Antwoord van de gemeente: zicht op wachttijden, "
            "vergelijkbare gegevens tussen wijken, voorkomen dat trajecten eindeloos doorlopen.)",
            "Per regel: waar schuurt het in een echte casus? Het team bracht drie geanonimiseerde voorbeelden in, "
            "waaronder een gezin bij wie het vragenformulier het eerste gesprek volledig zou hebben verpest.",
            "Wat kunnen we samen uitproberen dat beide bedoelingen dient?",
        ]),
        ("p", "Het keerpunt kwam toen de contractmanager zei dat zij die twaalf weken nooit als harde grens had "
              "bedoeld, maar als moment om even stil te staan. Het team had het gelezen als een einddatum. Zo'n "
              "misverstand had maanden kunnen blijven bestaan als we niet met elkaar om tafel waren gegaan."),
        ("h", "Afspraken (experiment tot 1 december)"),
        ("ul", [
            "De twaalfwekengrens wordt een evaluatiemoment; het team legt zelf vast waarom een traject doorloopt.",
            "Het vragenformulier mag later in het traject worden ingevuld als het eerste gesprek er niet geschikt "
            "voor is.",
            "Elke medewerker krijgt een klein maatwerkbudget per casus dat zonder voorafgaande toestemming mag "
            "worden besteed, mits het achteraf wordt toegelicht.",
            "Over zes maanden kijken we samen naar de cijfers én naar de verhalen.",
        ]),
        ("h", "Reflectie"),
        ("p", "Als manager sta ik tussen twee vuren: ik moet het team ruimte geven en tegelijk verantwoording "
              "afleggen. Deze keer heeft de spanning ons iets opgeleverd, juist omdat we hem niet hebben weggeduwd. "
              "Ik had de boosheid van het team eerst opgevat als weerstand; achteraf was het vooral betrokkenheid."),
        ("p", "Wat ik ook zie: het team kan nog zoveel ruimte krijgen, zolang ons registratiesysteem elk afwijkend "
              "traject rood kleurt verandert er weinig. Ik heb ICT en de afdeling kwaliteit gevraagd om bij de "
              "evaluatie aan te schuiven. De verandering moet ook in de backoffice, bij het MT en bij de gemeente "
              "zelf plaatsvinden, niet alleen bij de mensen in de wijk."),
    ],
)
