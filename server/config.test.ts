import { describe, expect, it } from "vitest";
import { parseConfig } from "./config";
import { limitsWithWork } from "./gate/run";

const config = (env: Record<string, string>) => {
  const result = parseConfig(env);
  if (!result.ok) throw new Error(result.message);
  return result.config;
};

describe("the server's settings", () => {
  it("default to loopback, no public origin and no proxy", () => {
    expect(config({})).toEqual({
      port: 8787,
      host: "127.0.0.1",
      dbPath: "data/voz.db",
      publicOrigin: null,
      trustProxy: false,
      clientLimit: 120,
      signup: "open",
      gateWork: 2_000_000_000,
    });
  });

  it("let the operator give the publish gate more LP work, its wall clock in proportion", () => {
    expect(config({ VOZ_GATE_WORK: "5000000000" }).gateWork).toBe(5_000_000_000);
    expect(limitsWithWork(5_000_000_000)).toMatchObject({
      work: 5_000_000_000,
      budgetMs: 750_000,
    });
    // Less work never shortens the backstop, which is there for load, not for the publication.
    expect(limitsWithWork(1_000_000_000).budgetMs).toBe(300_000);
  });

  it("let anyone sign up only on this machine, unless told otherwise", () => {
    const served = { HOST: "127.0.0.1", VOZ_PUBLIC_ORIGIN: "https://voz.example.org" };
    expect(config(served).signup).toBe("invite");
    expect(config({ VOZ_PUBLIC_ORIGIN: "http://localhost:8787" }).signup).toBe("open");
    expect(config({ ...served, VOZ_SIGNUP: "open" }).signup).toBe("open");
    expect(config({ VOZ_SIGNUP: "closed" }).signup).toBe("closed");
  });

  it("take the public origin and trust the proxy only when told", () => {
    const c = config({
      HOST: "0.0.0.0",
      VOZ_PUBLIC_ORIGIN: "https://voz.example.org",
      VOZ_TRUST_PROXY: "1",
    });
    expect(c).toMatchObject({ publicOrigin: "https://voz.example.org", trustProxy: true });
    expect(config({ TRUST_PROXY: "1" }).trustProxy).toBe(true);
    expect(config({ TRUST_PROXY: "1", VOZ_TRUST_PROXY: "0" }).trustProxy).toBe(false);
  });

  it("refuse to serve other machines without knowing the address they use", () => {
    const result = parseConfig({ HOST: "0.0.0.0" });
    expect(result).toMatchObject({ ok: false });
    expect(result.ok || result.message).toMatch(/VOZ_PUBLIC_ORIGIN/);
  });

  it("name the variable that is wrong", () => {
    for (const [name, value] of [
      ["VOZ_PUBLIC_ORIGIN", "https://voz.example.org/survey"],
      ["VOZ_PUBLIC_ORIGIN", "voz.example.org"],
      ["VOZ_TRUST_PROXY", "yes"],
      ["PORT", "http"],
      ["VOZ_SIGNUP", "anyone"],
      ["VOZ_GATE_WORK", "lots"],
      ["VOZ_GATE_WORK", "1000"],
    ] as const) {
      const result = parseConfig({ [name]: value });
      expect(result.ok || result.message, `${name}=${value}`).toContain(name);
    }
  });
});
