// A second, independent .xlsx reader for the corpus check: the zip's central directory, then
// the workbook's sheet list, the shared strings and each sheet's <c> cells, with node:zlib and
// regular expressions. It shares nothing with read-excel-file, which the importer's callers use,
// so a cell that reader (or the importer) loses is still counted here.
import { inflateRawSync } from "node:zlib";

/** Sheet name → spreadsheet row number → column index (0 = A) → text. */
export type RawWorkbook = Map<string, Map<number, Map<number, string>>>;

function entries(zip: Buffer): Map<string, Buffer> {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error("not a zip file (no end of central directory)");
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error("broken central directory");
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataAt, dataAt + size);
    files.set(name.replace(/^\//, ""), method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

function decode(xml: string): string {
  return xml
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(/&#x([0-9a-f]+);/gi, (_, hex) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#([0-9]+);/g, (_, dec) => String.fromCodePoint(Number(dec)))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

/** The text of an <si> or <is>: every <t> run, phonetic runs (<rPh>) left out. */
function runs(xml: string): string {
  const withoutPhonetic = xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, "");
  return [...withoutPhonetic.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g)]
    .map((m) => decode(m[1] ?? ""))
    .join("");
}

function columnIndex(ref: string): number {
  const letters = ref.match(/^[A-Z]+/)?.[0] ?? "A";
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export function readRawXlsx(zip: Buffer): RawWorkbook {
  const files = entries(zip);
  const text = (name: string) => files.get(name)?.toString("utf8") ?? "";
  const shared = [...text("xl/sharedStrings.xml").matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    runs(m[1] ?? ""),
  );
  const targets = new Map<string, string>();
  for (const m of text("xl/_rels/workbook.xml.rels").matchAll(/<Relationship\b([^>]*)\/?>/g)) {
    const id = m[1]?.match(/\bId="([^"]+)"/)?.[1];
    const target = m[1]?.match(/\bTarget="([^"]+)"/)?.[1];
    if (id && target) targets.set(id, target.replace(/^\/?(xl\/)?/, "xl/"));
  }
  const workbook: RawWorkbook = new Map();
  for (const m of text("xl/workbook.xml").matchAll(/<sheet\b([^>]*)\/?>/g)) {
    const name = decode(m[1]?.match(/\bname="([^"]*)"/)?.[1] ?? "");
    const id = m[1]?.match(/\br:id="([^"]+)"/)?.[1] ?? m[1]?.match(/\bid="([^"]+)"/)?.[1];
    const xml = text(targets.get(id ?? "") ?? "");
    const rows = new Map<number, Map<number, string>>();
    let previousRow = 0;
    for (const row of xml.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
      // `r` may be left out; then rows and cells follow one another.
      const number = Number(row[1]?.match(/\br="(\d+)"/)?.[1] ?? previousRow + 1);
      previousRow = number;
      const cells = new Map<number, string>();
      let previousColumn = -1;
      for (const cell of (row[2] ?? "").matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const attributes = cell[1] ?? "";
        const ref = attributes.match(/\br="([A-Z]+)\d+"/)?.[1];
        const column = ref ? columnIndex(ref) : previousColumn + 1;
        previousColumn = column;
        const type = attributes.match(/\bt="([^"]+)"/)?.[1];
        const body = cell[2] ?? "";
        const v = body.match(/<v>([\s\S]*?)<\/v>/)?.[1];
        let value: string;
        if (type === "s") value = shared[Number(v)] ?? "";
        else if (type === "inlineStr") value = runs(body.match(/<is>([\s\S]*?)<\/is>/)?.[1] ?? "");
        else if (type === "b") value = v === "1" ? "true" : v === "0" ? "false" : "";
        else if (type === "str" || type === "e") value = decode(v ?? "");
        else value = v === undefined ? "" : String(Number(v));
        if (value.trim() !== "") cells.set(column, value.trim());
      }
      if (cells.size > 0 && Number.isFinite(number)) rows.set(number, cells);
    }
    workbook.set(name, rows);
  }
  return workbook;
}
