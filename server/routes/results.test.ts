import { describe, expect, it } from "vitest";
import { seedSurvey, useSeededApp } from "../../test/harness";
import { openSurvey, readyCrypto, signUp } from "../../test/workspace-client";
import { storePublication, withdrawPublication } from "../db/publications";

const t = useSeededApp();

const cell = (
  key: Record<string, string | null>,
  count: number | null,
  suppressed: false | "primary" | "secondary",
) => ({
  key,
  count,
  suppressed,
});

// 23 respondents: 12 women, 6 men, and 5 who answered otherwise, hidden as 3 + 2.
const publication = {
  format: "voz.publication/1",
  survey: "passport-access",
  version: 1,
  k: 5,
  responses: 23,
  unreadable: 1,
  tables: [
    {
      id: "gender",
      variables: ["gender"],
      cells: [
        cell({ gender: "woman" }, 12, false),
        cell({ gender: "man" }, 6, false),
        cell({ gender: "another" }, null, "primary"),
        cell({ gender: "prefer_not" }, null, "secondary"),
        cell({ gender: null }, 0, false),
        cell({ gender: "*" }, 23, false),
      ],
    },
    {
      id: "country×gender",
      variables: ["country", "gender"],
      cells: [
        cell({ country: "cl", gender: "*" }, 23, false),
        cell({ country: "*", gender: "woman" }, 12, false),
        cell({ country: "cl", gender: "woman" }, 12, false),
        cell({ country: "*", gender: "*" }, 23, false),
      ],
    },
  ],
};

describe("GET /r/:slug", () => {
  it("says plainly when nothing is published, and offers no download", async () => {
    const page = await t.app.request("/r/passport-access");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Todavía no se publicaron resultados");
    expect((await t.app.request("/r/passport-access.csv")).status).toBe(404);
    expect((await t.app.request("/r/passport-access.json")).status).toBe(404);
  });

  it("renders every table without JavaScript, hiding primary and secondary cells alike", async () => {
    await storePublication(
      t.db,
      "passport-access",
      publication,
      0,
      new Date("2026-11-23T10:00:00Z"),
    );
    const res = await t.app.request("/r/passport-access?lang=en");
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).not.toContain("<script");
    expect(html).toContain('lang="en"');
    expect(html).toContain("Results from 23 anonymous responses");
    expect(html).toContain("fewer than 5 people");
    expect(html).toContain("Published in November 2026.");
    expect(html).not.toMatch(/primary|secondary/);
    expect(html).toContain("<svg");
    expect(html).toContain("/r/passport-access.csv");
  });

  it("explains the hidden mark once, and each hidden cell is only the mark", async () => {
    await storePublication(t.db, "passport-access", publication, 0);
    const html = await (await t.app.request("/r/passport-access?lang=es")).text();
    expect(html.match(/cifra oculta para proteger a quienes respondieron/g)).toHaveLength(1);
    expect(html).not.toContain("oculto para proteger");
    // Two hidden categories, each in the chart and in the table beneath it.
    const hiddenCells = html.match(/<td class="hidden">/g) ?? [];
    expect(hiddenCells).toHaveLength(2);
    const marks = html.match(/<span class="mark" aria-hidden="true">x<\/span>/g) ?? [];
    expect(marks).toHaveLength(1 + 2 + 2);
  });

  it("writes months and numbers in the reader's language, Creole included", async () => {
    await storePublication(
      t.db,
      "passport-access",
      { ...publication, responses: 12345 },
      0,
      new Date("2026-12-03T10:00:00Z"),
    );
    const es = await (
      await t.app.request("/r/passport-access", { headers: { "accept-language": "es-VE,es" } })
    ).text();
    expect(es).toContain('lang="es"');
    expect(es).toContain("Resultados de 12.345 respuestas anónimas");
    expect(es).toContain("Publicado en diciembre de 2026.");
    const pt = await (await t.app.request("/r/passport-access?lang=pt")).text();
    expect(pt).toContain("Publicado em dezembro de 2026.");
    expect(pt).toContain("12.345");
  });

  it("serves the public JSON without saying which hidden cell was primary", async () => {
    await storePublication(t.db, "passport-access", publication, 0);
    const res = await t.app.request("/r/passport-access.json");
    expect(res.status).toBe(200);
    const body = await res.json();
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/primary|secondary/);
    const hidden = body.tables[0].cells.filter((c: { suppressed: boolean }) => c.suppressed);
    expect(hidden).toEqual([
      { key: { gender: "another" }, count: null, suppressed: true },
      { key: { gender: "prefer_not" }, count: null, suppressed: true },
    ]);
    expect(body.responses).toBe(23);
  });

  it("serves a CSV with a byte order mark, labels beside codes and an HXL row", async () => {
    await storePublication(t.db, "passport-access", publication, 0);
    const res = await t.app.request("/r/passport-access.csv?lang=es");
    expect(res.headers.get("content-type")).toContain("text/csv");
    const bytes = new Uint8Array(await res.arrayBuffer());
    // Excel on Windows reads UTF-8 only after a byte order mark.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes).slice(1);
    const [header, hxl, ...rows] = text.trim().split("\r\n");
    expect(header?.split(",")).toEqual([
      "table",
      "variable",
      "variable_label",
      "category",
      "category_label",
      "breakdown",
      "breakdown_label",
      "breakdown_category",
      "breakdown_category_label",
      "country",
      "count",
      "suppressed",
    ]);
    expect(hxl?.split(",")).toEqual([
      "#meta+table",
      "#indicator+code",
      "#indicator+name",
      "#indicator+category",
      "#indicator+category+name",
      "#meta+breakdown",
      "#meta+breakdown+name",
      "#meta+breakdown+category",
      "#meta+breakdown+category+name",
      "#country+code+v_iso2",
      "#value",
      "#meta+suppressed",
    ]);
    const cells = rows.map((row) => row.split(","));
    const row = (table: string, category: string, by = "") =>
      cells.find((c) => c[0] === table && c[3] === category && (c[7] ?? "") === by);
    expect(row("gender", "another")?.slice(10)).toEqual(["", "yes"]);
    expect(row("gender", "no_answer")?.[4]).toBe("Sin respuesta");
    expect(row("gender", "no_answer")?.slice(10)).toEqual(["0", "no"]);
    // A breakdown's table name is ASCII, no "×".
    const chile = row("country/gender", "cl", "woman");
    expect(chile?.[4]).toBe("Chile");
    expect(chile?.slice(7, 12)).toEqual(["woman", "Mujer", "CL", "12", "no"]);
    expect(text).not.toContain("×");
    expect(rows).toHaveLength(10);
  });

  it("serves a CSV in which no cell starts a spreadsheet formula", async () => {
    // Categories a number or month bin can make, and worse: a spreadsheet runs a cell that
    // starts with = + - @ (or tab / CR before one) as a formula; "-5-0" evaluates to -5.
    const hostile = [
      "-5-0",
      '=HYPERLINK("http://evil.example")',
      "+1+1",
      "@SUM(A1)",
      "\t=1",
      "\r=1",
    ];
    const table = {
      id: "age",
      variables: ["age"],
      cells: [...hostile.map((c) => cell({ age: c }, 5, false)), cell({ age: "*" }, 30, false)],
    };
    await storePublication(t.db, "passport-access", { ...publication, tables: [table] }, 0);
    const cells = parseCsv(await (await t.app.request("/r/passport-access.csv")).text());
    const header = cells[0] ?? [];
    const column = (name: string) => cells.slice(2).map((row) => row[header.indexOf(name)] ?? "");
    const categories = column("category");
    expect(categories).toHaveLength(hostile.length + 1);
    for (const value of cells.flat())
      expect(value, JSON.stringify(value)).not.toMatch(/^[=+\-@\t\r]/);
    // Still readable by a person: the category follows the apostrophe that makes it text.
    expect(categories).toContain("'-5-0");
    expect(column("count")).toEqual([...hostile.map(() => "5"), "30"]);
  });

  it("shows no results after a withdraw, never the publication before it", async () => {
    await storePublication(t.db, "passport-access", publication, 0);
    await storePublication(t.db, "passport-access", { ...publication, responses: 28 }, 1);
    expect((await (await t.app.request("/r/passport-access.json")).json()).responses).toBe(28);
    await withdrawPublication(t.db, "passport-access");

    for (const download of ["/r/passport-access.json", "/r/passport-access.csv"]) {
      const res = await t.app.request(download);
      expect(res.status, download).toBe(404);
      expect(await res.json()).toEqual({
        error: { code: "withdrawn", message: "the results of this survey were withdrawn" },
      });
    }
    const page = await (await t.app.request("/r/passport-access?lang=en")).text();
    expect(page).toContain("The organization withdrew the results of this survey.");
    expect(page).not.toContain("23 responses");
    expect(page).not.toContain("<table");
    // Withdrawing again finds nothing shown: the earlier publication stays withdrawn from view.
    expect(await withdrawPublication(t.db, "passport-access")).toBeUndefined();
    expect((await t.app.request("/r/passport-access.json")).status).toBe(404);
  });

  it("answers 404 for unknown surveys and odd names", async () => {
    for (const name of ["nope", "passport-access.xml", "..%2Fetc", "PASSPORT-ACCESS"]) {
      expect((await t.app.request(`/r/${name}`)).status).toBe(404);
    }
  });
});

describe("the organization's name on public pages", () => {
  it("names the organization that runs a survey on its results page and its poster, and no one for a CLI survey", async () => {
    await readyCrypto();
    const owner = await signUp(t.app, "Red <Ayuda> Migrante", "owner@org-name.example");
    await openSurvey(owner, { ...seedSurvey("passport-access"), slug: "passport-org" }, [owner]);
    await storePublication(t.db, "passport-org", { ...publication, survey: "passport-org" }, 0);
    const page = await (await t.app.request("/r/passport-org?lang=es")).text();
    // Escaped wherever it appears (">" may stay as it is in text).
    const name = "Red &(lt|#60);Ayuda(&gt;|&#62;|>) Migrante";
    expect(page).toMatch(new RegExp(`<p class="org">${name}</p>`));
    expect(page).toMatch(new RegExp(`Publicado por ${name} en `));
    expect(page).toMatch(new RegExp(`<title>[^<]* — ${name}</title>`));
    expect(page).not.toContain("<Ayuda>");
    const poster = await (await t.app.request("/s/passport-org/poster")).text();
    expect(poster).toMatch(new RegExp(`<p class="org">${name}</p>`));

    // Opened from files with the CLI: there is no organization to name.
    await storePublication(t.db, "passport-access", publication, 0);
    const cli = await (await t.app.request("/r/passport-access?lang=es")).text();
    expect(cli).not.toContain('class="org"');
    expect(cli).toContain("Publicado en");
  });
});

/** RFC 4180, read as a spreadsheet would: quoted fields may hold commas, quotes and line ends. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += ch;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
}
