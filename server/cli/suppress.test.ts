// `suppress` as anyone checking the method runs it: tables on stdin, the result on stdout.
import { describe, expect, it } from "vitest";
import { audit } from "../../client/lib/audit";
import { FORMAT, type PublishedTable } from "../../client/lib/publication";
import { gridTable } from "../../client/lib/tabulate";
import { runCli } from "../../test/cli";
import { DEFAULT_GATE_LIMITS } from "../gate/run";
import { gateWork, refuseUnsafe } from "./suppress";

const cli = (input: string, ...args: string[]) => runCli(["suppress", ...args], input);

const axis = (variable: string, categories: string[]) => ({ variable, categories });
const table = gridTable(
  "region×sex",
  [axis("region", ["north", "south", "east"]), axis("sex", ["m", "f"])],
  [2, 10, 12, 15, 9, 8],
);

describe("suppress", { timeout: 30_000 }, () => {
  it("marks every cell and prints counts only where they are published", async () => {
    const result = await cli(JSON.stringify({ tables: [table] }));
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as { k: number; tables: PublishedTable[] };
    expect(output.k).toBe(5);
    const cells = output.tables[0]?.cells ?? [];
    expect(cells[0]).toEqual({
      key: { region: "north", sex: "m" },
      count: null,
      suppressed: "primary",
    });
    expect(cells.filter((c) => c.suppressed === "secondary").length).toBeGreaterThan(0);
    for (const cell of cells) expect(cell.count === null).toBe(cell.suppressed !== false);
    const publication = {
      format: FORMAT,
      survey: "stdin",
      version: 1,
      k: 5,
      responses: 56,
      unreadable: 0,
      tables: output.tables,
    } as const;
    expect((await audit(publication)).ok).toBe(true);
  });

  it("suppresses a cell given as primary whatever its count, with the k given", async () => {
    const forced = {
      ...table,
      cells: table.cells.map((c, i) => (i === 4 ? { ...c, suppressed: "primary" } : c)),
    };
    const result = await cli(JSON.stringify({ tables: [forced] }), "--k", "3");
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as { k: number; tables: PublishedTable[] };
    expect(output.k).toBe(3);
    expect(output.tables[0]?.cells[4]?.suppressed).toBe("primary");
    // North/m = 2 is still small for k = 3.
    expect(output.tables[0]?.cells[0]?.suppressed).toBe("primary");
  });

  it("exits 1 naming the JSON path of a margin that does not add up", async () => {
    const broken = {
      ...table,
      cells: table.cells.map((c, i) => (i === 2 ? { ...c, count: 13 } : c)),
    };
    const result = await cli(JSON.stringify({ tables: [broken] }));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("stdin: $.tables[0].cells[2].count");
    expect(result.stderr).toContain("add up to 12");
  });

  it("refuses to print a primary that the table's own structure gives away", async () => {
    // A variable with one category: its cell always equals the public grand total.
    const single = gridTable("q", [axis("q", ["only"])], [10]);
    const forced = {
      ...single,
      cells: single.cells.map((c, i) => (i === 0 ? { ...c, suppressed: "primary" } : c)),
    };
    const result = await cli(JSON.stringify({ tables: [forced] }));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("refusing to print tables that fail the audit");
  });

  it("exits 1 on input that is not JSON or lacks counts", async () => {
    const junk = await cli("{ tables: ");
    expect(junk.code).toBe(1);
    expect(junk.stderr).toContain("stdin is not valid JSON");

    const incomplete = await cli(
      JSON.stringify({ tables: [{ ...table, cells: table.cells.slice(1) }] }),
    );
    expect(incomplete.code).toBe(1);
    expect(incomplete.stderr).toContain("$.tables[0].cells");
    expect(incomplete.stderr).toContain("found 11");
  });
});

describe("the gate's budget of LP work, offline", () => {
  // north,m is 2 (primary), and the rest of its row and column hide it: safe, and only the LP
  // can tell.
  const marked: PublishedTable = {
    ...table,
    cells: table.cells.map((c) =>
      ["north", "south"].includes(c.key.region as string) && c.key.sex !== "*"
        ? { key: c.key, count: null, suppressed: "secondary" as const }
        : { key: c.key, count: c.count, suppressed: false as const },
    ),
  };
  const publication = { k: 5, responses: 56, tables: [marked] };

  it("passes within the gate's budget and refuses, naming it, past a smaller one", async () => {
    await expect(refuseUnsafe({ publication })).resolves.toBeUndefined();
    await expect(refuseUnsafe({ publication }, 1)).rejects.toThrow(
      "refusing to print tables the server's gate would refuse: checking them against the earlier publications needs more than its 1 unit of LP work; tabulate fewer breakdowns, or raise VOZ_GATE_WORK here and on the server",
    );
  });

  it("takes the server's budget from VOZ_GATE_WORK, as the gate does, and names it when wrong", () => {
    const before = process.env.VOZ_GATE_WORK;
    try {
      delete process.env.VOZ_GATE_WORK;
      expect(gateWork()).toBe(DEFAULT_GATE_LIMITS.work);
      process.env.VOZ_GATE_WORK = "3000000000";
      expect(gateWork()).toBe(3_000_000_000);
      process.env.VOZ_GATE_WORK = "lots";
      expect(() => gateWork()).toThrow(/^Invalid environment variable VOZ_GATE_WORK/);
    } finally {
      if (before === undefined) delete process.env.VOZ_GATE_WORK;
      else process.env.VOZ_GATE_WORK = before;
    }
  });
});
