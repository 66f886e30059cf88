// What an XLSForm `type` cell asks for, in every spelling pyxform accepts (`select_one x`,
// `select one from x`, `select all that apply from x or specify other`, `begin group`,
// `end_group`, `end time`…), and why Voz refuses what it refuses. Types that would record the
// person — where they are, their face or voice, their phone, when exactly they answered — are
// refused for that reason (DESIGN §9), not as "not supported".

export type RowType =
  | { kind: "begin"; what: "group" | "repeat" }
  | { kind: "end"; what: "group" | "repeat" }
  | { kind: "select"; multiple: boolean; list: string; other: boolean }
  | {
      kind: "question";
      type: "text" | "integer" | "decimal" | "note" | "date" | "range" | "acknowledge";
    }
  /** Left out; `construct` groups the report, `message` says why. */
  | { kind: "left out"; construct: string; message: string; calculated?: boolean };

const LOCATION =
  "left out for the respondent's safety: a location can lead to the person who answered, and Voz never records where someone is (DESIGN §9)";
const MEDIA =
  "left out for the respondent's safety: a photo, recording, scan or file can show a face, a voice or a document, and Voz only takes answers that cannot (DESIGN §9)";
const DEVICE =
  "left out for the respondent's safety: it identifies the phone or the person who owns it, and Voz never records either (DESIGN §9)";
const TIME =
  "left out for the respondent's safety: the exact time of an answer can single a person out, and Voz keeps nothing finer than the day a response arrives (DESIGN §9)";
const AUDIT =
  "left out for the respondent's safety: an audit log records how long and where each answer was given (DESIGN §9)";

/** Spellings with spaces, underscores and hyphens removed and lower-cased → meaning. */
const TYPES: Record<string, RowType> = {};
const define = (names: string, type: RowType) => {
  for (const name of names.split(" ")) TYPES[name] = type;
};
define("text string addtextprompt qstring", { kind: "question", type: "text" });
define("integer int addintegerprompt qint", { kind: "question", type: "integer" });
define("decimal adddecimalprompt qdecimal", { kind: "question", type: "decimal" });
define("note addnoteprompt qnote", { kind: "question", type: "note" });
define("date adddateprompt qdate", { kind: "question", type: "date" });
define("range", { kind: "question", type: "range" });
define("acknowledge addacknowledgeprompt qacknowledge trigger", {
  kind: "question",
  type: "acknowledge",
});
for (const [names, construct, message] of [
  [
    "geopoint geotrace geoshape gps location qgeopoint qgeotrace qgeoshape qlocation addlocationprompt startgeopoint backgroundgeopoint osm",
    "location",
    LOCATION,
  ],
  [
    "photo image picture qpicture qimage addimageprompt addphotoprompt audio qaudio addaudioprompt video qvideo addvideoprompt file addfileprompt backgroundaudio barcode qbarcode addbarcodeprompt",
    "photo, recording or file",
    MEDIA,
  ],
  [
    "deviceid imei getdeviceid uri:deviceid subscriberid getsubscriberid uri:subscriberid simserial simid getsimid uri:simserial phonenumber getphonenumber uri:phonenumber username uri:username email uri:email",
    "phone or account identifier",
    DEVICE,
  ],
  ["start starttime getstarttime end endtime getendtime today gettoday", "time of answering", TIME],
  ["audit", "audit log", AUDIT],
] as const) {
  for (const name of names.split(" ")) {
    TYPES[name] = { kind: "left out", construct: `type ${name} (${construct})`, message };
  }
}
define("calculate hidden qcalculate addcalculateprompt", {
  kind: "left out",
  construct: "calculation",
  message:
    "not imported: Voz keeps only what people answer, and computes nothing on the phone; a condition that uses it is reported where it is, unless the calculation is one fixed value (15, 'yes'), which the condition then reads",
  calculated: true,
});
define("time datetime adddatetimeprompt qdatetime qtime addtimeprompt", {
  kind: "left out",
  construct: "time question",
  message:
    "left out: Voz asks dates as month and year only and has no time of day, so an answer cannot pin down a moment",
});
define("xmlexternal csvexternal", {
  kind: "left out",
  construct: "external data",
  message: "left out: it reads data from a file outside the form, which Voz cannot attach",
});
define("include", {
  kind: "left out",
  construct: "include",
  message: "left out: it pulls in another form, which is not part of this file",
});

const SELECT_ONE =
  /^(?:select_one|select one from|select one using|select one|select1|add select one prompt using)\s+(\S+)(?:\s+(or_other|or specify other|or other))?$/;
const SELECT_MULTIPLE =
  /^(?:select_multiple|select all that apply from|select all that apply|select multiple using|add select multiple prompt using)\s+(\S+)(?:\s+(or_other|or specify other|or other))?$/;
const FROM_FILE =
  /^(?:select_one_from_file|select one from file|select_multiple_from_file|select multiple from file|select_one_external|select one external)\b/;

/** Reads a `type` cell; `null` for a blank one. */
/**
 * A question whose row has a calculation is computed, not asked: pyxform binds it `calculate`
 * (a read-only "household size (computed)"). Imported as a question, the respondent was asked
 * to type it, and a later condition on it read what they typed.
 */
export function computedType(type: RowType | null, calculation: string): RowType | null {
  if (!calculation || !type) return type;
  const asked = type.kind === "select" || (type.kind === "question" && type.type !== "note");
  return asked ? (TYPES.calculate as RowType) : type;
}

export function rowType(cell: string): RowType | null {
  const text = cell.trim().toLowerCase().replace(/\s+/g, " ");
  if (!text) return null;
  const bracket = text.match(/^(begin|end)[ _](group|repeat|loop|lgroup|looped group)\b/);
  if (bracket) {
    const what = bracket[2] === "group" ? "group" : "repeat";
    return { kind: bracket[1] === "begin" ? "begin" : "end", what };
  }
  if (FROM_FILE.test(text)) {
    return {
      kind: "left out",
      construct: "choices from a file",
      message:
        "left out: its choices are in a file outside the form; copy them into the choices sheet to import it",
    };
  }
  if (/^rank\s/.test(text)) {
    return {
      kind: "left out",
      construct: "rank",
      message:
        "left out: Voz has no ranking question; a multi question can ask for the most important ones",
    };
  }
  // List names are case-sensitive (pyxform); only the words around them are not.
  const written = cell.trim().replace(/\s+/g, " ");
  const one = written.match(new RegExp(SELECT_ONE, "i"));
  const many = one ? null : written.match(new RegExp(SELECT_MULTIPLE, "i"));
  const select = one ?? many;
  if (select) {
    return { kind: "select", multiple: !one, list: select[1] as string, other: !!select[2] };
  }
  const known = TYPES[text.replace(/[\s_-]+/g, "")];
  if (known) return known;
  return {
    kind: "left out",
    construct: `type ${text}`,
    message: "left out: Voz does not know this question type",
  };
}
