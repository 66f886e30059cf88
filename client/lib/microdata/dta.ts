// The dataset as a Stata .dta file, format 118 (Stata 14 and later; read by R's haven, pandas,
// SPSS and PSPP through ReadStat): UTF-8 throughout, little-endian, variable labels, and value
// labels for every coded answer. Written by hand because npm has no maintained .dta or .sav
// writer that runs in a browser (docs/export.md). Reference: Stata's "dta" file-format manual
// (help dta), whose section names the tags below follow.
import type { Column, Dataset, Value } from "./dataset";

const encoder = new TextEncoder();

// Storage types of format 117/118; 1..2045 is str1..str2045.
const STRL = 32768;
const DOUBLE = 65526;
const INT = 65529;
const BYTE = 65530;
const MAX_STR = 2045;

// Stata's system missing value "." for each storage type.
const MISSING_BYTE = 101;
const MISSING_INT = 32741;
const MISSING_DOUBLE = 2 ** 1023;
const MAX_BYTE = 100;
const MAX_INT = 32740;

// Field widths of format 118 (in bytes, UTF-8, nul-padded).
const NAME_BYTES = 129;
const FORMAT_BYTES = 57;
const LABEL_BYTES = 321;
/** Stata shows at most 80 characters of a variable or dataset label. */
const MAX_LABEL_CHARS = 80;

/** Grows as it is written; little-endian numbers. */
class Bytes {
  private chunks: Uint8Array[] = [];
  length = 0;

  raw(bytes: Uint8Array): this {
    this.chunks.push(bytes);
    this.length += bytes.length;
    return this;
  }
  tag(text: string): this {
    return this.raw(encoder.encode(text));
  }
  private number(size: number, write: (view: DataView) => void): this {
    const bytes = new Uint8Array(size);
    write(new DataView(bytes.buffer));
    return this.raw(bytes);
  }
  u8(value: number): this {
    return this.number(1, (v) => v.setUint8(0, value));
  }
  i8(value: number): this {
    return this.number(1, (v) => v.setInt8(0, value));
  }
  u16(value: number): this {
    return this.number(2, (v) => v.setUint16(0, value, true));
  }
  i16(value: number): this {
    return this.number(2, (v) => v.setInt16(0, value, true));
  }
  i32(value: number): this {
    return this.number(4, (v) => v.setInt32(0, value, true));
  }
  u32(value: number): this {
    return this.number(4, (v) => v.setUint32(0, value, true));
  }
  u64(value: number): this {
    return this.number(8, (v) => v.setBigUint64(0, BigInt(value), true));
  }
  f64(value: number): this {
    return this.number(8, (v) => v.setFloat64(0, value, true));
  }
  /** A text in a fixed field: UTF-8, cut at a character boundary, nul-padded. */
  fixed(text: string, size: number, max = size - 1): this {
    const field = new Uint8Array(size);
    field.set(fitBytes(text, max));
    return this.raw(field);
  }
  join(): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }
}

/** The longest prefix of `text` whose UTF-8 fits in `max` bytes, never half a character. */
function fitBytes(text: string, max: number): Uint8Array {
  let bytes = encoder.encode(text);
  if (bytes.length <= max) return bytes;
  const chars = Array.from(text);
  while (bytes.length > max) {
    chars.pop();
    bytes = encoder.encode(chars.join(""));
  }
  return bytes;
}

const shortLabel = (text: string) => Array.from(text).slice(0, MAX_LABEL_CHARS).join("");

interface Stored {
  column: Column;
  type: number;
  format: string;
  valueLabel: string;
  write: (out: Bytes, value: Value, row: number) => void;
}

interface ValueLabelSet {
  name: string;
  entries: [number, string][];
}

/** Storage of each column; strL cells are numbered as Stata's (variable, observation) pairs. */
function storage(
  dataset: Dataset,
  strls: Map<string, [number, number]>,
): {
  stored: Stored[];
  sets: ValueLabelSet[];
} {
  const sets: ValueLabelSet[] = [];
  const names = new Set(dataset.columns.map((c) => c.name));
  let flagSet: ValueLabelSet | null = null;
  const flagLabels = (): string => {
    if (!flagSet) {
      let name = "yes_no";
      for (let n = 2; names.has(name); n++) name = `yes_no_${n}`;
      flagSet = {
        name,
        entries: [
          [0, dataset.flagLabels.no],
          [1, dataset.flagLabels.yes],
        ],
      };
      sets.push(flagSet);
    }
    return flagSet.name;
  };

  const stored = dataset.columns.map((column, index): Stored => {
    const cells = dataset.rows.map((row) => row[index] ?? null);
    if (column.kind === "choice" || column.kind === "flag") {
      const largest = column.kind === "flag" ? 1 : (column.codes?.length ?? 0);
      const small = largest <= MAX_BYTE;
      if (largest > MAX_INT) throw new Error(`${column.name}: ${largest} options`);
      let valueLabel: string;
      if (column.kind === "flag") valueLabel = flagLabels();
      else {
        valueLabel = column.name;
        sets.push({
          name: column.name,
          entries: (column.codeLabels ?? []).map((label, i) => [i + 1, label]),
        });
      }
      return {
        column,
        type: small ? BYTE : INT,
        format: "%8.0g",
        valueLabel,
        write: (out, value) => {
          const number = typeof value === "number" ? value : null;
          if (small) out.i8(number ?? MISSING_BYTE);
          else out.i16(number ?? MISSING_INT);
        },
      };
    }
    if (column.kind === "number") {
      return {
        column,
        type: DOUBLE,
        format: "%10.0g",
        valueLabel: "",
        write: (out, value) => out.f64(typeof value === "number" ? value : MISSING_DOUBLE),
      };
    }
    const widest = Math.max(
      1,
      ...cells.map((cell) => (cell === null ? 0 : encoder.encode(String(cell)).length)),
    );
    if (widest <= MAX_STR) {
      return {
        column,
        type: widest,
        format: `%${Math.min(widest, 244)}s`,
        valueLabel: "",
        write: (out, value) => out.fixed(value === null ? "" : String(value), widest, widest),
      };
    }
    return {
      column,
      type: STRL,
      format: "%9s",
      valueLabel: "",
      write: (out, value, row) => {
        // (0, 0) is the empty string; otherwise variable and observation, both 1-based.
        if (value === null || value === "") return out.u64(0);
        const v = index + 1;
        const o = row + 1;
        strls.set(`${v}:${o}`, [v, o]);
        // Format 118 packs v into the low 2 bytes and o into the high 6.
        return out.u16(v).raw(sixBytes(o));
      },
    };
  });
  return { stored, sets };
}

function sixBytes(value: number): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(value), true);
  return bytes.slice(0, 6);
}

export function datasetDta(dataset: Dataset, label: string): Uint8Array<ArrayBuffer> {
  const strls = new Map<string, [number, number]>();
  const { stored, sets } = storage(dataset, strls);
  const k = stored.length;
  const n = dataset.rows.length;
  if (k > 32767) throw new Error(`${k} variables; format 118 holds at most 32767`);

  const out = new Bytes();
  const map: number[] = [];
  const mark = () => map.push(out.length);

  mark(); // <stata_dta>
  out.tag("<stata_dta><header><release>118</release><byteorder>LSF</byteorder>");
  out.tag("<K>").u16(k).tag("</K><N>").u64(n).tag("</N>");
  const datasetLabel = fitBytes(shortLabel(label), LABEL_BYTES - 1);
  out.tag("<label>").u16(datasetLabel.length).raw(datasetLabel).tag("</label>");
  // No timestamp: when the file was written says nothing an analyst needs.
  out.tag("<timestamp>").u8(0).tag("</timestamp></header>");

  mark(); // <map>
  const mapAt = out.length;
  out.tag("<map>");
  for (let i = 0; i < 14; i++) out.u64(0);
  out.tag("</map>");

  mark();
  out.tag("<variable_types>");
  for (const s of stored) out.u16(s.type);
  out.tag("</variable_types>");

  mark();
  out.tag("<varnames>");
  for (const s of stored) out.fixed(s.column.name, NAME_BYTES);
  out.tag("</varnames>");

  mark();
  out.tag("<sortlist>");
  for (let i = 0; i <= k; i++) out.u16(0);
  out.tag("</sortlist>");

  mark();
  out.tag("<formats>");
  for (const s of stored) out.fixed(s.format, FORMAT_BYTES);
  out.tag("</formats>");

  mark();
  out.tag("<value_label_names>");
  for (const s of stored) out.fixed(s.valueLabel, NAME_BYTES);
  out.tag("</value_label_names>");

  mark();
  out.tag("<variable_labels>");
  for (const s of stored) out.fixed(shortLabel(s.column.label), LABEL_BYTES);
  out.tag("</variable_labels>");

  mark();
  out.tag("<characteristics></characteristics>");

  mark();
  out.tag("<data>");
  dataset.rows.forEach((row, r) => {
    stored.forEach((s, i) => {
      s.write(out, row[i] ?? null, r);
    });
  });
  out.tag("</data>");

  mark();
  out.tag("<strls>");
  for (const [v, o] of strls.values()) {
    const text = encoder.encode(String(dataset.rows[o - 1]?.[v - 1] ?? ""));
    // Type 130: a text, stored with its terminating nul, which the length counts.
    out
      .tag("GSO")
      .u32(v)
      .u64(o)
      .u8(130)
      .u32(text.length + 1)
      .raw(text)
      .u8(0);
  }
  out.tag("</strls>");

  mark();
  out.tag("<value_labels>");
  for (const set of sets) {
    const texts = set.entries.map(([, text]) => encoder.encode(text));
    const textLength = texts.reduce((sum, t) => sum + t.length + 1, 0);
    const table = new Bytes();
    table.i32(set.entries.length).i32(textLength);
    let offset = 0;
    for (const t of texts) {
      table.i32(offset);
      offset += t.length + 1;
    }
    for (const [value] of set.entries) table.i32(value);
    for (const t of texts) table.raw(t).u8(0);
    out.tag("<lbl>").i32(table.length).fixed(set.name, NAME_BYTES);
    out.raw(new Uint8Array(3)).raw(table.join()).tag("</lbl>");
  }
  out.tag("</value_labels>");

  mark(); // </stata_dta>
  out.tag("</stata_dta>");
  mark(); // end of file

  const bytes = out.join();
  const view = new DataView(bytes.buffer);
  const mapStart = mapAt + "<map>".length;
  map.forEach((offset, i) => {
    view.setBigUint64(mapStart + i * 8, BigInt(offset), true);
  });
  return bytes;
}
