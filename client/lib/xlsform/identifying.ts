// Text and number questions that look like they ask who the respondent is: a name, a phone
// number, a document or case number, an address. Voz keeps answers encrypted, but such an answer
// turns an anonymous response into a named one, so the importer asks the designer to confirm or
// remove each. A flag, not a refusal: "name of your village" is not a person's name, and the
// designer knows which is which.

export type Identifying = "name" | "phone number" | "document or case number" | "address" | "email";

// Phrases in es, en, pt, fr, ar (and ht where it differs), and de, whose NGOs' forms are in the
// wild though Voz offers no German page; matched on word boundaries against every language's
// label (German compounds, "Telefonnummer", are listed whole), and tokens matched against the
// XLSForm name split at `_`. Email comes before address: "E-Mail-Adresse" is an email.
const LABELS: [Identifying, RegExp][] = [
  [
    "name",
    /\b(your name|full name|first name|last name|surname|family name|given name|name of the (respondent|head|child|person|interviewee)|respondent'?s name|su nombre|nombre completo|nombres y apellidos|apellidos?|nombre del (jefe|encuestado|entrevistado|ni[ñn]o|informante)|seu nome|nome completo|sobrenome|nome do (chefe|entrevistado)|votre nom|nom complet|pr[ée]nom|nom de famille|nom du (chef|r[ée]pondant|enqu[êe]t[ée])|non ou|ihr name|vorname|nachname|familienname|wie hei(ß|ss)en sie)\b|اسمك|الاسم الكامل|اسم العائلة|اسم رب الأسرة|الاسم الثلاثي/iu,
  ],
  [
    "phone number",
    /\b(phone|telephone|mobile number|cell ?phone|whats ?app|contact number|tel[ée]fono|celular|m[óo]vil|telefone|t[ée]l[ée]phone|num[ée]ro de contact|telef[òo]n|telefon(nummer)?|handy(nummer)?|mobilnummer)\b|هاتف|جوال|موبايل|واتساب|رقم التواصل/iu,
  ],
  [
    "document or case number",
    // A document named together with a number: "passport number", "número de cédula", "رقم
    // الهوية" — not "how long have you waited for your passport".
    /\b(passport|id card|national id|identity|identification|document|registration|case|unhcr|progres|ration card|pasaporte|c[ée]dula|dni|documento|caso|expediente|registro|passaporte|cpf|rg|protocolo|passeport|carte d'identit[ée]|pi[èe]ce d'identit[ée]|dossier|cas|pasp[òo])\b.{0,25}\b(number|no\.|n[º°]|n[úu]mero|num[ée]ro|id)\b|\b(number|no\.|n[º°]|n[úu]mero|num[ée]ro|id)\b.{0,25}\b(passport|id card|identity|document|registration|case|pasaporte|c[ée]dula|dni|documento|caso|expediente|registro|passaporte|cpf|passeport|carte d'identit[ée]|dossier|cas|pasp[òo])\b|رقم (الهوية|الجواز|جواز|الملف|الحالة|التسجيل|البطاقة)|\b((reise)?pass|(personal)?ausweis|fall|akten|registrierungs)nummer\b|\baktenzeichen\b/iu,
  ],
  ["email", /\b(e-?mail|correo electr[óo]nico|courriel)\b|البريد الإلكتروني/iu],
  [
    "address",
    /\b(address|street|house number|where exactly do you live|direcci[óo]n|domicilio|calle|endere[çc]o|rua|adresse|rue|adr[èe]s|anschrift|wohnadresse|stra(ß|ss)e|hausnummer)\b|عنوان|الشارع/iu,
  ],
];

const NAME_TOKENS: [Identifying, Set<string>][] = [
  [
    "name",
    new Set(
      "name names fname lname firstname lastname surname fullname nombre nombres apellido apellidos nome sobrenome prenom nom".split(
        " ",
      ),
    ),
  ],
  [
    "phone number",
    new Set(
      "phone phonenumber tel telephone mobile cellphone whatsapp telefono celular telefone".split(
        " ",
      ),
    ),
  ],
  [
    "document or case number",
    new Set(
      "passport nid idnumber idno caseno casenumber caseid unhcrid progres cedula dni cpf pasaporte".split(
        " ",
      ),
    ),
  ],
  ["address", new Set("address addr street direccion domicilio endereco adresse".split(" "))],
  ["email", new Set("email mail correo courriel".split(" "))],
];

/** Names of places and groups, not people: "village_name", "school_name", "org_name". */
const NOT_A_PERSON = new Set(
  "village school org organization organisation facility site camp community market place location settlement town city district region country business shop agency ngo partner project program programme enumerator enum team supervisor".split(
    " ",
  ),
);

export function identifyingKind(name: string, labels: readonly string[]): Identifying | null {
  for (const [kind, pattern] of LABELS) {
    if (labels.some((label) => pattern.test(label))) return kind;
  }
  const tokens = name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const joined = tokens.join("");
  if (tokens.some((t) => NOT_A_PERSON.has(t))) return null;
  for (const [kind, words] of NAME_TOKENS) {
    if (tokens.some((t) => words.has(t)) || words.has(joined)) return kind;
  }
  return null;
}
