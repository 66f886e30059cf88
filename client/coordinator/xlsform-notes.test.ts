// biome-ignore-all lint/suspicious/noTemplateCurlyInString: XLSForm expressions name questions as ${name}, literally.
// The builder shows what an XLSForm import could not keep in the workspace's language
// (checks.ts `localNote`): every note the importer writes must match one of the catalogue's
// English templates, or it would stay English in a Spanish, Portuguese or French workspace.
import { describe, expect, it } from "vitest";
import { ENGLISH } from "../../test/english";
import { ARABIC, type Form, HOUSEHOLD, sheetsOf } from "../../test/fixtures/xlsform";
import { surveyFromXlsForm } from "../lib/xlsform/import";
import { localConstruct, localNote } from "./checks";
import { builderEn } from "./strings/builder/en";
import { builderEs } from "./strings/builder/es";
import { builderFr } from "./strings/builder/fr";
import { builderPt } from "./strings/builder/pt";

/** A form that trips as many of the importer's notes as one sheet can. */
const EVERYTHING_LEFT_OUT: Form = {
  survey: [
    [
      "type",
      "name",
      "label",
      "hint",
      "relevant",
      "constraint",
      "appearance",
      "required",
      "default",
      "read_only",
      "guidance_hint",
      "image",
      "parameters",
      "choice_filter",
      "calculation",
      "voz_color",
    ],
    ["text", "Nombre completo", "Your full name"],
    ["text", "dup", "First"],
    ["text", "dup", "Second"],
    ["text", "nolabel"],
    ["integer", "age", "Age", null, null, ". > 0 and . < 120", "minimal", "${dup} = 'x'", 5, "yes"],
    ["decimal", "kg", "Weight", null, null, ". > 1.5 and . < 300"],
    ["text", "code", "Code", null, null, "regex(., '^[A-Z]+$')"],
    ["integer", "both", "Both", null, null, ". = -1 or (. >= 0 and . <= 10)"],
    ["integer", "other_answer", "Other", null, null, ". > ${age}"],
    ["integer", "fives", "Fives", null, null, "(. mod 5) = 0"],
    ["text", "which_dup", "Which?", null, "${dup} = 'x'"],
    ["note", "n1", "A note", null, null, null, null, "yes"],
    ["acknowledge", "ok", "Agree"],
    [
      "range",
      "scale",
      "Scale",
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      "start=1 end=5",
    ],
    [
      "range",
      "steps",
      "Steps",
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      "start=0 end=100 step=5",
    ],
    ["date", "born", "Born"],
    ["date", "year_in", "Year", null, null, null, "year"],
    ["geopoint", "where", "Where"],
    ["image", "photo", "Photo"],
    ["deviceid", "device"],
    ["start", "start"],
    ["audit", "audit"],
    ["time", "when", "When"],
    ["xml-external", "ext"],
    ["rank ranks", "ranked", "Rank"],
    ["teleport", "odd", "Odd"],
    [
      "calculate",
      "total",
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      "1 + 1",
    ],
    ["select_one yn or_other", "works", "Works?", null, "${later} = 'yes'"],
    ["select_one yn", "later", "Later?", null, "${nowhere} = 'yes'"],
    ["select_one yn", "computed", "Computed?", null, "${total} > 2"],
    ["select_one missing", "gone", "Gone?"],
    ["select_one one", "lonely", "Lonely?"],
    ["select_one one", "agree_box", "I agree", null, null, null, null, "yes"],
    ["text", "deep", "Deep", null, `${"not(".repeat(101)}\${age} > 1${")".repeat(101)}`],
    ["select_multiple yn", "many", "Many?", null, "${works} > ${later}"],
    [
      "select_one yn",
      "filtered",
      "Filtered?",
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      "${many} = 'yes'",
    ],
    [
      "text",
      "t1",
      "Text",
      null,
      "random() > 0.5",
      null,
      null,
      null,
      null,
      null,
      "Read slowly",
      "pic.png",
    ],
    ["text", "t2", "Text two", null, "${age} + 1 > 3"],
    ["text", "t3", "Text three", null, "string-length(${t1}) > 3"],
    ["text", "t4", "Text four", null, "${t1} = 'x'"],
    ["text", "t5", "Text five", null, "selected(${age}, 'x')"],
    ["text", "t6", "Text six", null, "${works} = 'maybe'"],
    ["text", "t7", "Text seven", null, "${born} = '2020-01-01'"],
    ["text", "t8", "Text eight", null, "${n1} = 'x'"],
    ["text", "t9", "Text nine", null, "((("],
    ["text", "t10", "Text ten", null, "false()"],
    ["text", "t12", "Text twelve", null, "${age"],
    ["text", "t13", "Text thirteen", null, "${age} = 1 2"],
    ["text", "t14", "Text fourteen", null, "/data/age = 1"],
    ["text", "t15", "Text fifteen", null, "${age} # 1"],
    ["text", "t16", "Text sixteen", null, "(${age} = 1"],
    ["begin repeat", "people", "People"],
    ["text", "person", "Person"],
    ["end repeat"],
    ["text", "t11", "Text eleven", null, "${person} = 'x'"],
    ["begin group", "g", "A group", "Group hint", "${age} > 1"],
    ["text", "in_group", "In group"],
    ["end group", null, null, null, "${age} > 1"],
    ["begin group", "page", "A page", null, null, null, "field-list"],
    ["begin group", "inner", "Inner group"],
    ["text", "in_page", "In page"],
    ["end group"],
    ["end group"],
    ["end repeat"],
    [null, "typeless", "No type"],
    ["begin group", "open", "Never closed"],
    ["text", "last", "Last ${total}"],
  ],
  choices: [
    ["list_name", "name", "label"],
    ["yn", "Yes", "<b>Yes</b>"],
    ["yn", "no", "No"],
    ["yn", "no", "No again"],
    ["one", "only", "Only"],
    ["unused", "u", "Unused"],
    [null, "orphan", "Orphan"],
  ],
  settings: [
    ["form_title", "form_id", "version", "style", "instance_name", "unknown_setting"],
    ["Everything", "everything", "2024", "pages", "concat('x')", "x"],
  ],
  extra: [["a"], ["b"]],
};

const FORMS: Record<string, Form> = {
  household: HOUSEHOLD,
  arabic: ARABIC,
  "everything left out": EVERYTHING_LEFT_OUT,
};

async function problemsOf(form: Form) {
  return surveyFromXlsForm(await sheetsOf(form), { slug: "notes-test", title: "Notes" }).problems;
}

/** XLSForm's own words, shown as the form wrote them in every language. */
const KEYWORDS = new Set(["repeat", "range", "acknowledge", "or_other", "bins", "include", "rank"]);

/** Every template of a catalogue replaced by one mark: what comes out as the mark was matched. */
const marked = <C extends Record<string, string>>(catalogue: C) =>
  Object.fromEntries(Object.keys(catalogue).map((key) => [key, "§"])) as C;
const english = (text: string) => new RegExp(ENGLISH.source, "iu").test(text);

describe("the import notes, in the workspace's language", () => {
  it("trip the English detector in English, as a control", async () => {
    const notes = new Set((await problemsOf(EVERYTHING_LEFT_OUT)).map((p) => p.message));
    expect(notes.size).toBeGreaterThanOrEqual(40);
    expect([...notes].filter(english).length).toBeGreaterThan(notes.size / 2);
  });

  it("match one of the catalogue's English templates each, note and construct", async () => {
    const { xlsformNotes, xlsformConstructs } = builderEn;
    const unmatched: string[] = [];
    for (const [name, form] of Object.entries(FORMS)) {
      for (const p of await problemsOf(form)) {
        if (localNote(p.message, marked(xlsformNotes)) !== "§") {
          unmatched.push(`${name}: note ${p.message}`);
        }
        const construct = localConstruct(p.construct, marked(xlsformConstructs));
        if (construct !== "§" && !KEYWORDS.has(p.construct)) {
          unmatched.push(`${name}: construct ${p.construct}`);
        }
      }
    }
    expect(unmatched).toEqual([]);
  });

  for (const [language, t] of Object.entries({ es: builderEs, pt: builderPt, fr: builderFr })) {
    it(`are in ${language} with no English left, whatever the form`, async () => {
      const left: string[] = [];
      for (const [name, form] of Object.entries(FORMS)) {
        for (const p of await problemsOf(form)) {
          const shown = `${localConstruct(p.construct, t.xlsformConstructs)} — ${localNote(p.message, t.xlsformNotes)}`;
          if (english(shown)) left.push(`${name}: ${shown}`);
        }
      }
      expect(left).toEqual([]);
    });
  }

  it("keep the names a rename note gives as the form wrote them", async () => {
    const renamed = (await problemsOf(EVERYTHING_LEFT_OUT)).filter((p) =>
      ["name changed", "name repeated", "choice name repeated"].includes(p.construct),
    );
    expect(
      renamed.map((p) => `${p.sheet}: ${localNote(p.message, builderEs.xlsformNotes)}`),
    ).toEqual([
      "choices: los nombres de las opciones pasaron a ser identificadores de Voz (a–z, 0–9 y _, como máximo 40 caracteres): Yes → yes",
      "choices: un nombre de opción repetido en su lista (o igual una vez convertido en identificador) recibió un número: no → no_2",
      "survey: los nombres pasaron a ser identificadores de Voz (a–z, 0–9 y _, como máximo 40 caracteres): Nombre completo → nombre_completo",
      "survey: un nombre usado dos veces (o igual una vez convertido en identificador) recibió un número: dup → dup_2",
    ]);
  });

  it("leaves what it does not know as written, and the form's own words too", () => {
    const t = builderEs;
    expect(localNote("something new", t.xlsformNotes)).toBe("something new");
    expect(
      localNote("uses foo(), which Voz cannot check; the constraint is left out", t.xlsformNotes),
    ).toBe("usa foo(), que Voz no puede comprobar; la restricción se deja fuera");
    // A column named like a construct is still the form's column.
    expect(localConstruct("column calculation", t.xlsformConstructs)).toBe("columna calculation");
    expect(localConstruct("type geopoint (location)", t.xlsformConstructs)).toBe(
      "tipo geopoint (ubicación)",
    );
  });
});
