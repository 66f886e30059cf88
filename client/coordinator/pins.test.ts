// What a workspace browser remembers about member keys, tried as the attacker works:
// swap an analyst's public key where it is stored, and see what the sealing browser says.
import { describe, expect, it } from "vitest";
import { checkRecipients, type PinStorage, Pins } from "./pins";

function memory(): PinStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => {
      data.set(key, value);
    },
  };
}

const ana = { id: "m-ana", publicKey: `${"A".repeat(43)}=` };
const swapped = { ...ana, publicKey: `${"Z".repeat(43)}=` };
const luis = { id: "m-luis", publicKey: `${"L".repeat(43)}=` };

describe("pins of member keys", () => {
  it("trust a key on first sight as unverified, and say so before sealing", () => {
    const pins = new Pins(memory(), "org", "owner");
    expect(pins.status(ana.id, ana.publicKey)).toEqual({ kind: "new" });
    expect(checkRecipients(pins, [ana])).toEqual({ changed: [], unverified: [ana.id] });
    expect(pins.status(ana.id, ana.publicKey)).toEqual({ kind: "unverified" });
  });

  it("refuse a key swapped after this browser saw it, and keep refusing after it is swapped back and forth", () => {
    const pins = new Pins(memory(), "org", "owner");
    checkRecipients(pins, [ana]);
    expect(checkRecipients(pins, [swapped, luis])).toEqual({
      changed: [ana.id],
      unverified: [luis.id],
    });
    // Seeing the swapped key did not overwrite what this browser remembers.
    expect(pins.status(ana.id, ana.publicKey)).toEqual({ kind: "unverified" });
    expect(pins.status(ana.id, swapped.publicKey)).toEqual({ kind: "changed", wasVerified: false });
  });

  it("after verifying, a swap says the verified key changed; verifying the new key is the only way on", () => {
    const pins = new Pins(memory(), "org", "owner");
    pins.verify(ana.id, ana.publicKey);
    expect(checkRecipients(pins, [ana])).toEqual({ changed: [], unverified: [] });
    expect(pins.status(ana.id, swapped.publicKey)).toEqual({ kind: "changed", wasVerified: true });
    pins.verify(ana.id, swapped.publicKey);
    expect(checkRecipients(pins, [swapped])).toEqual({ changed: [], unverified: [] });
  });

  it("keep one member's verifications apart from another's in the same browser", () => {
    const storage = memory();
    new Pins(storage, "org", "owner").verify(ana.id, ana.publicKey);
    const colleague = new Pins(storage, "org", "other-owner");
    expect(colleague.status(ana.id, ana.publicKey)).toEqual({ kind: "new" });
  });

  it("store nothing but public keys and flags", () => {
    const storage = memory();
    const pins = new Pins(storage, "org", "owner");
    checkRecipients(pins, [ana, luis]);
    pins.verify(luis.id, luis.publicKey);
    pins.seeVersionKey("survey", 1, luis.publicKey);
    for (const value of storage.data.values()) {
      for (const pin of Object.values(JSON.parse(value) as Record<string, object>)) {
        expect(Object.keys(pin).sort()).toEqual(["publicKey", "verified"]);
      }
    }
  });

  it("flag a published version whose key changed where surveys are stored", () => {
    const pins = new Pins(memory(), "org", "owner");
    expect(pins.seeVersionKey("survey", 1, ana.publicKey)).toBe(true);
    expect(pins.seeVersionKey("survey", 1, ana.publicKey)).toBe(true);
    expect(pins.seeVersionKey("survey", 1, swapped.publicKey)).toBe(false);
    // A new version (a rotation) under a new key is not a change of version 1's key.
    expect(pins.seeVersionKey("survey", 2, swapped.publicKey)).toBe(true);
  });

  it("start over, rather than fail, when what is stored is not ours", () => {
    const storage = memory();
    storage.setItem("voz.pins.org.owner", "not json");
    const pins = new Pins(storage, "org", "owner");
    expect(pins.status(ana.id, ana.publicKey)).toEqual({ kind: "new" });
  });
});
